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
NEEDS = "an article needs a clinical reviewer, a review date and at least one source"
NOT_PUBLISHED = f"Not published: {NEEDS}."
NOT_APPROVED = f"Not approved: {NEEDS} before it can be published."
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


class BasePageForm(WagtailAdminPageForm):
    """The editor of every page type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and "slug" in self.fields:
            # The address follows the title as the editor types, a moment
            # later. A page refused before that moment came back with an
            # empty address, which autosave could not save and a second
            # Publish refused on another tab. Left empty, the page makes its
            # address from its title when it is saved, as Wagtail's models do.
            self.fields["slug"].required = False

    def get_field_updates_for_resave(self):
        # After autosave has made the page, the editor's form gets the address
        # it was given, which the page's editor (unlike this one) requires.
        updates = super().get_field_updates_for_resave()
        if "slug" in self.fields and self.data.get("slug") != self.instance.slug:
            updates.append(("slug", self.instance.slug))
        return updates


class ArticlePageForm(BasePageForm):
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
        urgent_since = self.instance.urgent_review_since
        if (
            urgent_since
            and "last_reviewed" in self.changed_data
            and last_reviewed
            and last_reviewed >= urgent_since
        ):
            # A review typed in after the page was marked is the review asked for.
            self.instance.urgent_review_since = None
        return cleaned_data

    def check_provenance(self, cleaned_data) -> None:
        problems = {}
        if "reviewer" not in self.errors and not cleaned_data.get("reviewer"):
            problems["reviewer"] = MISSING_REVIEWER
        review_date_to_come = self.is_approving and approves_with_clinical_review(
            self.data
        )
        if not cleaned_data.get("last_reviewed") and not review_date_to_come:
            if "last_reviewed" not in self.errors:
                problems["last_reviewed"] = MISSING_REVIEW_DATE
        if not self.source_count():
            # Formset errors show above the inline panel.
            problems[None] = MISSING_SOURCE
        if not problems:
            return
        # First, so the message at the top of the editor lists every reason,
        # not only "could not be saved".
        self.add_error(
            None,
            (NOT_APPROVED if self.is_approving else NOT_PUBLISHED)
            + " Fix what is listed here, then try again.",
        )
        for field, message in problems.items():
            self.add_error(field, forms.ValidationError(message))


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
