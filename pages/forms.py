import json

from django import forms
from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import TaskState

from .provenance import (
    MAX_REVIEW_PERIOD_MONTHS,
    MISSING_REVIEW_DATE,
    MISSING_REVIEWER,
    MISSING_SOURCE,
    add_months,
    missing_provenance,
)

# What editors type for a review date: the admin's own day/month/year, the
# ISO form other systems give, and the date written out.
REVIEW_DATE_FORMATS = [
    "%d/%m/%Y",
    "%d/%m/%y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %B %Y",
    "%d %b %Y",
]
UNREADABLE_REVIEW_DATE = (
    "Enter the date as day/month/year, for example 20/11/2026 (or 2026-11-20)."
)


class ReviewDateInput(AdminDateInput):
    """Wagtail's date picker, minus its habit of replacing text it cannot read
    with today's date when the field loses focus: what the editor typed is
    sent as typed, and the form reads it or says why not."""

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


def approves_with_clinical_review(data) -> bool:
    """Whether an edit-view workflow approval carries a ticked 'clinical review'."""
    try:
        extra = json.loads(data.get("workflow-action-extra-data") or "{}")
    except ValueError:
        return False
    return isinstance(extra, dict) and bool(extra.get("clinical_review_done"))


class ArticlePageForm(WagtailAdminPageForm):
    """The article editor: refuses to publish without reviewer, date and source."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("last_reviewed", "next_review_due"):
            field = self.fields[name]
            field.input_formats = REVIEW_DATE_FORMATS
            field.error_messages["invalid"] = UNREADABLE_REVIEW_DATE
            field.widget = ReviewDateInput(attrs=field.widget.attrs)

    @property
    def is_publishing(self) -> bool:
        return bool(self.data.get("action-publish")) or self.is_approving

    @property
    def is_approving(self) -> bool:
        return (
            bool(self.data.get("action-workflow-action"))
            and self.data.get("workflow-action-name") == "approve"
        )

    def source_count(self) -> int:
        sources = self.formsets.get("sources")
        if sources is None or not sources.is_valid():
            return 0
        return sum(
            1
            for form in sources.forms
            if form.cleaned_data.get("title") and not form.cleaned_data.get("DELETE")
        )

    def hub_review_period(self) -> int:
        parent = self.parent_page or (
            self.instance.get_parent() if self.instance.pk else None
        )
        parent = parent.specific if parent else None
        return getattr(parent, "review_period_months", MAX_REVIEW_PERIOD_MONTHS)

    def clean(self):
        cleaned_data = super().clean()
        last_reviewed = cleaned_data.get("last_reviewed")
        if last_reviewed and not cleaned_data.get("next_review_due"):
            cleaned_data["next_review_due"] = add_months(
                last_reviewed, self.hub_review_period()
            )
        if self.is_publishing:
            self.check_provenance(cleaned_data)
        return cleaned_data

    def check_provenance(self, cleaned_data) -> None:
        if "reviewer" not in self.errors and not cleaned_data.get("reviewer"):
            self.add_error("reviewer", MISSING_REVIEWER)
        review_date_to_come = self.is_approving and approves_with_clinical_review(
            self.data
        )
        if not cleaned_data.get("last_reviewed") and not review_date_to_come:
            if "last_reviewed" not in self.errors:
                self.add_error("last_reviewed", MISSING_REVIEW_DATE)
        if not self.source_count():
            # Formset errors show above the inline panel.
            self.add_error(None, forms.ValidationError(MISSING_SOURCE))


class MedicalApprovalForm(forms.Form):
    """Approve with an optional comment, and say whether the clinical check is done."""

    comment = forms.CharField(label="Comment", required=False, widget=forms.Textarea)
    clinical_review_done = forms.BooleanField(
        required=False,
        label="Clinical review done",
        help_text=(
            "Tick if you have checked the medical content today. The article's "
            "'last reviewed' date becomes today and its next review is scheduled."
        ),
    )
    # Set by the modal's template, so the form can check the article before
    # the approval publishes it.
    task_state_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned_data = super().clean()
        from .models.workflows import article_under_review

        task_state = TaskState.objects.filter(
            pk=cleaned_data.get("task_state_id")
        ).first()
        page = task_state and article_under_review(task_state)
        if page is None:
            return cleaned_data
        problems = missing_provenance(page)
        if cleaned_data.get("clinical_review_done"):
            problems.pop("last_reviewed", None)
        if problems:
            raise ValidationError(
                "This article cannot be published yet. Request changes, or ask the "
                "editor to fix this first: " + " ".join(problems.values())
            )
        return cleaned_data
