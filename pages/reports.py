"""Admin reports: content due for review, and visitors' feedback per page."""

import datetime
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
)
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import (
    AbstractGroupApprovalTask,
    Page,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.workflows import get_task_types

import django_filters

from .models import ArticlePage, PageFeedback, TopicIndexPage

# Characters that make a spreadsheet treat a cell as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class UKSpreadsheetExportMixin:
    """Exports in UK local time, as naive times, with formula-like text escaped.

    Wagtail's own export writes UTC and passes text through untouched.
    """

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value).replace(tzinfo=None)
            if export_format == self.FORMAT_CSV:
                return value.strftime("%d/%m/%Y %H:%M")
            return value
        if isinstance(value, datetime.date):
            return (
                value.strftime("%d/%m/%Y")
                if export_format == self.FORMAT_CSV
                else value
            )
        return safe_cell(super().preprocess_field_value(field, value, export_format))


def owners(request):
    return (
        get_user_model()
        .objects.filter(owned_pages__in=ArticlePage.objects.all())
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


NO_OWNER = "No owner"


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else NO_OWNER


def page_title_column(label: str) -> TitleColumn:
    """The page title, linking to its editor."""
    return TitleColumn(
        "title",
        label=label,
        sort_key="title",
        get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk]),
    )


class ReviewDueFilterSet(WagtailFilterSet):
    hub = django_filters.ModelChoiceFilter(
        label="Section",
        queryset=TopicIndexPage.objects.order_by("title"),
        method="filter_hub",
        empty_label="All sections",
    )
    owner = django_filters.ModelChoiceFilter(
        label="Content owner", queryset=owners, empty_label="Anyone"
    )

    class Meta:
        model = ArticlePage
        fields = ["hub", "owner"]

    def filter_hub(self, queryset, name, value):
        return queryset.child_of(value) if value else queryset


class UKDateColumn(Column):
    def get_value(self, instance):
        value = super().get_value(instance)
        return f"{value:%d/%m/%Y}" if value else ""


def due_label(page) -> str:
    """The due date, with "urgent" or "overdue" spelt out rather than shown
    only in colour."""
    due = page.next_review_due
    if getattr(page, "urgent_review_since", None):
        return f"{due:%d/%m/%Y} (urgent)" if due else "Urgent"
    if due is None:
        return "No date set"
    label = f"{due:%d/%m/%Y}"
    return f"{label} (overdue)" if due < timezone.localdate() else label


class DueDateColumn(Column):
    def get_value(self, instance):
        return due_label(instance)


class FeedbackColumn(Column):
    def get_value(self, instance):
        if not instance.feedback_total:
            return "None yet"
        url = reverse("page_feedback_report") + f"?page={instance.pk}"
        return format_html(
            '<a href="{}">{} of {} found it helpful</a>',
            url,
            instance.feedback_yes,
            instance.feedback_total,
        )


def due_soon_cutoff() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=settings.REVIEW_DUE_SOON_DAYS)


def articles_due_for_review():
    """Articles overdue for review, due within 30 days, or with no due date."""
    return ArticlePage.objects.filter(
        Q(next_review_due__lte=due_soon_cutoff())
        | Q(next_review_due__isnull=True)
        | Q(urgent_review_since__isnull=False)
    )


def approving_workflow_ids(user) -> list[int]:
    """Active workflows with a task whose groups `user` belongs to (one query)."""
    approving = [
        Q(task__in=model.objects.filter(groups__user=user).values("pk"))
        for model in get_task_types()
        if issubclass(model, AbstractGroupApprovalTask)
    ]
    if not approving:
        return []
    return list(
        WorkflowTask.objects.filter(
            reduce(or_, approving), workflow__active=True, task__active=True
        ).values_list("workflow_id", flat=True)
    )


def reviewable_by(user, approving: list[int]) -> Q:
    """Pages `user` may sign off: pages they can publish, and pages whose
    workflow they approve in (`approving`). A page follows the workflow of
    its nearest ancestor that has one, as Wagtail's Page.get_workflow does.
    For users other than superusers, who can sign off every page."""
    publishable = PagePermissionPolicy().instances_user_has_permission_for(
        user, "publish"
    )
    reviewable = Q(pk__in=publishable.values("pk"))
    assigned = list(
        WorkflowPage.objects.filter(workflow__active=True).values_list(
            "page__path", "workflow_id"
        )
    )
    for path, workflow_id in assigned:
        if workflow_id not in approving:
            continue
        governed = Q(path__startswith=path)
        for other_path, other_workflow_id in assigned:
            if other_workflow_id not in approving and other_path.startswith(path):
                governed &= ~Q(path__startswith=other_path)
        reviewable |= governed
    return reviewable


def editable_by(user, approving: list[int]) -> Q:
    """Pages `user` can open in the editor: those they may change, and those
    awaiting their approval (Wagtail lets a task's reviewers edit)."""
    changeable = PagePermissionPolicy().instances_user_has_permission_for(
        user, "change"
    )
    awaiting = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), CharField()),
        status=WorkflowState.STATUS_IN_PROGRESS,
        workflow_id__in=approving,
    )
    return Q(pk__in=changeable.values("pk")) | Exists(awaiting)


def articles_to_review(user):
    """Articles marked urgent, overdue or due within 30 days that `user` can
    sign off or owns: urgent first, then the most overdue. Each says whether
    the user can open it in the editor (`editable`)."""
    articles = ArticlePage.objects.filter(
        Q(next_review_due__lte=due_soon_cutoff()) | Q(urgent_review_since__isnull=False)
    )
    if user.is_superuser:
        articles = articles.annotate(editable=Value(True))
    else:
        approving = approving_workflow_ids(user)
        articles = articles.filter(
            reviewable_by(user, approving) | Q(owner=user)
        ).annotate(
            editable=ExpressionWrapper(
                editable_by(user, approving), output_field=BooleanField()
            )
        )
    return (
        articles.defer_streamfields()
        .select_related("owner")
        .order_by(
            F("urgent_review_since").asc(nulls_last=True), "next_review_due", "title"
        )
    )


class ReviewDueReportView(UKSpreadsheetExportMixin, ReportView):
    page_title = "Content due for review"
    header_icon = "time"
    index_url_name = "review_due_report"
    index_results_url_name = "review_due_report_results"
    filterset_class = ReviewDueFilterSet
    # Anyone with admin access: writers, reviewers and managers all need it.
    permission_policy = None
    default_ordering = "next_review_due"
    export_filename = "content-due-for-review"
    columns = [
        page_title_column("Article"),
        Column("hub_title", label="Section"),
        Column("owner_name", label="Content owner", sort_key="owner__username"),
        UKDateColumn("last_reviewed", label="Last reviewed", sort_key="last_reviewed"),
        DueDateColumn(
            "next_review_due", label="Review due", sort_key="next_review_due"
        ),
        Column("review_status", label="Status"),
        FeedbackColumn("feedback", label="Feedback"),
    ]
    list_export = [
        "title",
        "full_url",
        "hub_title",
        "owner_name",
        "reviewer",
        "last_reviewed",
        "next_review_due",
        "review_status",
        "feedback_yes",
        "feedback_total",
        "last_published_at",
    ]
    export_headings = {
        "title": "Article",
        "full_url": "Address",
        "hub_title": "Section",
        "owner_name": "Content owner",
        "reviewer": "Clinical reviewer",
        "last_reviewed": "Last reviewed",
        "next_review_due": "Review due",
        "review_status": "Status",
        "feedback_yes": "Found it helpful",
        "feedback_total": "Feedback answers",
        "last_published_at": "Last published (UK time)",
    }

    def get_queryset(self):
        self.queryset = (
            articles_due_for_review()
            .select_related("owner", "reviewer")
            .annotate(
                feedback_total=Count("feedback"),
                feedback_yes=Count("feedback", filter=Q(feedback__helpful=True)),
            )
        )
        return super().get_queryset()

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "title")

    def decorate_paginated_queryset(self, object_list):
        pages = list(object_list)
        parent_paths = {page.path[: -page.steplen] for page in pages}
        hubs = {
            hub.path: hub.title
            for hub in TopicIndexPage.objects.filter(path__in=parent_paths)
        }
        for page in pages:
            page.hub_title = hubs.get(page.path[: -page.steplen], "")
            page.owner_name = display_name(page.owner)
        return pages


class FeedbackFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(
        label="Page",
        queryset=lambda request: ArticlePage.objects.filter(
            pk__in=PageFeedback.objects.values("page")
        ).order_by("title"),
        empty_label="All pages",
    )
    helpful = django_filters.BooleanFilter(label="Helpful")

    class Meta:
        model = PageFeedback
        fields = ["page", "helpful"]


class FeedbackReportView(UKSpreadsheetExportMixin, ReportView):
    page_title = "Feedback"
    header_icon = "comment"
    index_url_name = "page_feedback_report"
    index_results_url_name = "page_feedback_report_results"
    filterset_class = FeedbackFilterSet
    results_template_name = "pages/admin/feedback_report_results.html"
    permission_policy = None
    default_ordering = "-created_at"
    export_filename = "feedback"
    columns = [
        Column("created_at_display", label="When", sort_key="created_at"),
        TitleColumn(
            "page",
            label="Page",
            get_url=lambda feedback: reverse(
                "wagtailadmin_pages:edit", args=[feedback.page_id]
            ),
        ),
        Column("helpful_display", label="Helpful?", sort_key="helpful"),
        Column("comment", label="Comment"),
    ]
    list_export = ["created_at", "page.title", "helpful_display", "comment"]
    export_headings = {
        "created_at": "When (UK time)",
        "page.title": "Page",
        "helpful_display": "Helpful?",
        "comment": "Comment",
    }

    def get_queryset(self):
        self.queryset = PageFeedback.objects.select_related("page")
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        feedback = list(object_list)
        for item in feedback:
            item.helpful_display = "Yes" if item.helpful else "No"
            item.created_at_display = (
                f"{timezone.localtime(item.created_at):%d/%m/%Y %H:%M}"
            )
        return feedback

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        counts = self.object_list.aggregate(
            total=Count("pk"), yes=Count("pk", filter=Q(helpful=True))
        )
        context["summary"] = counts
        return context
