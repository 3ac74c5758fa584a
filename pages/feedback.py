""" "Was this page helpful?": validation, rate limiting and comment retention.

Pages are served from a cache, so the form carries no CSRF token and the
endpoint is CSRF-exempt. It accepts nothing but a page id, yes or no and a
short comment, and limits how often one visitor can post without storing
anything about them (see pages.visitors).
"""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone

from .models import ArticlePage, PageFeedback
from .provenance import add_months
from .visitors import network_key, within_rate_limit


class FeedbackForm(forms.Form):
    page = forms.IntegerField(min_value=1)
    helpful = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])
    comment = forms.CharField(required=False, max_length=1000, strip=True)
    # A field people never see: only robots fill it in.
    website = forms.CharField(required=False)

    def clean_page(self) -> ArticlePage:
        page = ArticlePage.objects.live().public().filter(pk=self.cleaned_data["page"])
        if not page.exists():
            raise forms.ValidationError("That page does not take feedback.")
        return page.get()

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"]
        # Keep line breaks; drop other control characters.
        return "".join(c for c in comment if c in "\n\t" or c.isprintable())

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def save(self) -> PageFeedback:
        return PageFeedback.objects.create(
            page=self.cleaned_data["page"],
            helpful=self.cleaned_data["helpful"] == "yes",
            comment=self.cleaned_data["comment"],
        )


def allow_submission(request) -> bool:
    """Count this submission; False once the visitor's address passes the limit."""
    limit, period = settings.FEEDBACK_RATE_LIMIT
    return within_rate_limit("feedback", network_key(request), limit, period)


def delete_old_comments(now: datetime.datetime | None = None) -> int:
    """Blank comments older than the retention period; keep the yes/no answers."""
    now = now or timezone.now()
    cutoff = add_months(
        timezone.localtime(now).date(), -settings.FEEDBACK_COMMENT_RETENTION_MONTHS
    )
    cutoff_time = timezone.make_aware(
        datetime.datetime.combine(cutoff, datetime.time())
    )
    old = PageFeedback.objects.filter(created_at__lt=cutoff_time).exclude(comment="")
    return old.update(comment="")
