from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, TaskState

from ..provenance import (
    CLINICAL_REVIEW_LOG_ACTION,
    ProvenanceError,
    add_months,
    missing_provenance,
)
from .articles import ArticlePage


def article_under_review(task_state: TaskState) -> ArticlePage | None:
    """The latest revision of the article a task state is about, if it is one."""
    page = task_state.workflow_state.content_object.specific
    if not isinstance(page, ArticlePage):
        return None
    return page.get_latest_revision_as_object()


class MedicalReviewTask(AbstractGroupApprovalTask):
    """A clinician's sign-off: approving can record today's clinical review."""

    def get_actions(self, obj, user):
        if not super().get_actions(obj, user):
            return []
        # Approval always opens the form, so the clinical review box is seen.
        return [("reject", "Request changes", True), ("approve", "Approve", True)]

    def get_form_for_action(self, action):
        if action == "approve":
            from ..forms import MedicalApprovalForm

            return MedicalApprovalForm
        return super().get_form_for_action(action)

    def get_template_for_action(self, action):
        if action == "approve":
            return "pages/admin/medical_approval_modal.html"
        return super().get_template_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            self.record_review(
                task_state,
                user,
                clinical_review_done=bool(kwargs.pop("clinical_review_done", False)),
                comment=kwargs.get("comment", ""),
            )
        kwargs.pop("task_state_id", None)
        return super().on_action(task_state, user, action_name, **kwargs)

    def record_review(self, task_state, user, clinical_review_done, comment) -> None:
        """Check the article, record the review in its history, update its dates."""
        page = article_under_review(task_state)
        if page is None:
            return
        today = timezone.localdate()
        if clinical_review_done:
            page.last_reviewed = today
            page.next_review_due = add_months(today, page.review_period_months)
            page.urgent_review_since = None
        # Checked before anything is saved, so a refusal leaves no revision.
        problems = missing_provenance(page)
        if problems:
            raise ProvenanceError(page, problems)
        if clinical_review_done:
            latest = page.latest_revision
            # An approver who edited the article on the editor screen saved a
            # revision a moment ago: the dates join it rather than follow it.
            mine = latest if latest and latest.user_id == user.pk else None
            revision = page.save_revision(
                user=user, log_action=True, overwrite_revision=mine
            )
            # The workflow publishes its page's latest revision; its copy of
            # the page was loaded before this one existed.
            task_state.workflow_state.content_object.latest_revision = revision
        log(
            instance=page,
            action=CLINICAL_REVIEW_LOG_ACTION,
            user=user,
            data={
                "approved_by": user.get_full_name() or user.get_username(),
                "date": today.isoformat(),
                "clinical_review_done": clinical_review_done,
                "comment": comment,
            },
        )

    @classmethod
    def get_description(cls):
        return (
            "Clinical reviewers approve or request changes. Approving can record "
            "that the medical content was checked today."
        )

    class Meta:
        verbose_name = "medical review task"
        verbose_name_plural = "medical review tasks"
