from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pages.models import ArticlePage


class Command(BaseCommand):
    help = (
        "E-mail each content owner a list of their live articles that are overdue "
        "for review. Run daily (for example from cron)."
    )

    def handle(self, *args, **options):
        overdue = (
            ArticlePage.objects.live()
            .filter(next_review_due__lt=timezone.localdate())
            .select_related("owner")
            .order_by("next_review_due", "title")
        )
        by_owner = defaultdict(list)
        orphans = []
        for page in overdue:
            if page.owner and page.owner.is_active and page.owner.email:
                by_owner[page.owner].append(page)
            else:
                orphans.append(page)

        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        for owner, pages in by_owner.items():
            articles = [
                {
                    "title": page.title,
                    "due": page.next_review_due,
                    "edit_url": base
                    + reverse("wagtailadmin_pages:edit", args=[page.pk]),
                }
                for page in pages
            ]
            context = {
                "owner": owner,
                "articles": articles,
                "report_url": base
                + reverse("review_due_report")
                + f"?owner={owner.pk}",
            }
            send_mail(
                subject=(
                    f"{len(pages)} article{'s' if len(pages) != 1 else ''} "
                    "overdue for review"
                ),
                message=render_to_string("pages/emails/review_reminder.txt", context),
                from_email=None,
                recipient_list=[owner.email],
            )
        for page in orphans:
            self.stderr.write(
                f"No owner with an e-mail address for overdue article '{page.title}' "
                f"(id {page.pk})."
            )
        self.stdout.write(f"Reminded {len(by_owner)} owner(s).")
