from django.conf import settings
from django.core.management.base import BaseCommand

from pages.search.logs import prune


class Command(BaseCommand):
    help = (
        "Delete search logs (daily search counts and searches with no results) "
        "older than SEARCH_LOG_RETENTION_DAYS, and search terms left unused. "
        "Queries may hold health details. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of SEARCH_LOG_RETENTION_DAYS.",
        )

    def handle(self, *args, days=None, **options):
        days = settings.SEARCH_LOG_RETENTION_DAYS if days is None else days
        if days < 0:
            self.stderr.write("--days cannot be negative.")
            return
        deleted = prune(days)
        summary = ", ".join(f"{count} {name}" for name, count in deleted.items())
        self.stdout.write(f"Kept the last {days} days; deleted {summary}.")
