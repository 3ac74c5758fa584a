from django.conf import settings
from django.core.management.base import BaseCommand

from pages.feedback import delete_old_comments


class Command(BaseCommand):
    help = (
        "Delete 'Was this page helpful?' comments older than "
        "FEEDBACK_COMMENT_RETENTION_MONTHS (the yes/no answers are kept). Run daily."
    )

    def handle(self, *args, **options):
        count = delete_old_comments()
        months = settings.FEEDBACK_COMMENT_RETENTION_MONTHS
        self.stdout.write(f"Deleted {count} comment(s) older than {months} months.")
