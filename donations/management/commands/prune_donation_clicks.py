from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from donations.insights.rollup import prune


class Command(BaseCommand):
    help = (
        "Delete raw donate click rows and hourly impression counts older than "
        "DONATION_CLICK_RETENTION_DAYS, for days already rolled up. Days not yet "
        "rolled up are never pruned. Run it daily after rollup_donation_stats."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of the setting.",
        )

    def handle(self, *args, days=None, **options):
        days = settings.DONATION_CLICK_RETENTION_DAYS if days is None else days
        if days < 2:
            # Duplicate clicks are found among the last 30 minutes of raw rows,
            # and yesterday may still be waiting for its roll-up.
            raise CommandError("Keep at least 2 days of raw rows.")
        result = prune(days)
        self.stdout.write(
            f"Pruned {len(result.days)} days: {result.clicks} click rows and "
            f"{result.impressions} hourly impression rows deleted."
        )
