from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import UserColumn
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import demo_stories, two_factor
from .cache.middleware import allow_page_cache
from .mentions import URGENT_REVIEW_LOG_ACTION
from .mentions_report import MentionsReportView, urgent_review
from .models import ArticlePage, ClinicalReviewer, Term
from .provenance import CLINICAL_REVIEW_LOG_ACTION, SCHEDULE_REFUSED_LOG_ACTION
from .reports import (
    DueDateColumn,
    FeedbackReportView,
    ReviewDueReportView,
    articles_to_review,
    display_name,
    due_label,
)
from .search import report as search_report


class TermViewSet(SnippetViewSet):
    model = Term
    icon = "help"
    menu_label = "Glossary"
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["term", "abbreviation", "explanation"]
    search_fields = ["term", "abbreviation", "other_names", "explanation"]
    ordering = ["term"]


class ClinicalReviewerViewSet(SnippetViewSet):
    model = ClinicalReviewer
    icon = "user"
    list_display = ["name", "role", "organisation"]
    search_fields = ["name", "role", "organisation"]


register_snippet(TermViewSet)
register_snippet(ClinicalReviewerViewSet)


class ArticlePageViewSet(PageViewSet):
    """Articles in the page explorer, with who owns them and when they are due."""

    model = ArticlePage
    icon = "doc-full"
    columns = [
        *[c for c in IndexView.base_columns if c.name != "parent"],
        UserColumn("owner", label="Content owner", width="14%"),
        DueDateColumn(
            "next_review_due", label="Review due", sort_key="next_review_due"
        ),
    ]


@hooks.register("register_admin_viewset")
def register_article_viewset():
    return ArticlePageViewSet("article_pages")


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/review-due/",
            ReviewDueReportView.as_view(),
            name="review_due_report",
        ),
        path(
            "reports/review-due/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="review_due_report_results",
        ),
        path(
            "reports/feedback/",
            FeedbackReportView.as_view(),
            name="page_feedback_report",
        ),
        path(
            "reports/feedback/results/",
            FeedbackReportView.as_view(results_only=True),
            name="page_feedback_report_results",
        ),
        path("reports/mentions/", MentionsReportView.as_view(), name="mentions_report"),
        path(
            "reports/mentions/results/",
            MentionsReportView.as_view(results_only=True),
            name="mentions_report_results",
        ),
        path(
            "reports/mentions/urgent-review/",
            urgent_review,
            name="mentions_urgent_review",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_due_menu_item():
    return MenuItem(
        "Content due for review",
        reverse("review_due_report"),
        icon_name="time",
        order=10,
    )


@hooks.register("register_reports_menu_item")
def register_feedback_menu_item():
    return MenuItem(
        "Feedback", reverse("page_feedback_report"), icon_name="comment", order=11
    )


@hooks.register("register_reports_menu_item")
def register_mentions_menu_item():
    return MenuItem(
        "Pages that mention…", reverse("mentions_report"), icon_name="search", order=12
    )


class ReviewDuePanel(Component):
    """Dashboard: the articles this user can sign off or owns that are urgent,
    overdue or due within 30 days."""

    name = "review_due"
    order = 90
    template_name = "pages/admin/review_due_panel.html"
    shown = 10

    def __init__(self, request):
        self.request = request
        self.user = request.user

    def get_context_data(self, parent_context=None):
        articles = articles_to_review(self.user)
        rows = [
            {
                "title": page.get_admin_display_title(),
                # Reviewers who may not edit it (yet) can read it on the site.
                "url": reverse("wagtailadmin_pages:edit", args=[page.pk])
                if page.editable
                else page.get_url(request=self.request),
                "status": page.review_status,
                "due": due_label(page),
                "owner": display_name(page.owner),
            }
            for page in articles[: self.shown]
        ]
        return {
            "rows": rows,
            "count": articles.count(),
            "days": settings.REVIEW_DUE_SOON_DAYS,
            "url": reverse("review_due_report"),
        }


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    panels.append(ReviewDuePanel(request))


@hooks.register("register_log_actions")
def register_article_log_actions(actions):
    @actions.register_action(CLINICAL_REVIEW_LOG_ACTION)
    class ClinicalReviewFormatter(LogFormatter):
        label = "Medical review approved"

        def format_message(self, log_entry):
            data = log_entry.data
            done = (
                "clinical review done"
                if data.get("clinical_review_done")
                else ("no new clinical review recorded")
            )
            return (
                f"Approved by {data.get('approved_by')} on {data.get('date')}: {done}."
            )

    @actions.register_action(URGENT_REVIEW_LOG_ACTION)
    class UrgentReviewFormatter(LogFormatter):
        label = "Marked for urgent review"

        def format_message(self, log_entry):
            term = log_entry.data.get("term", "")
            return f"Marked for urgent review (mentions “{term}”): review due today."

    @actions.register_action(SCHEDULE_REFUSED_LOG_ACTION)
    class ScheduleRefusedFormatter(LogFormatter):
        label = "Scheduled publishing refused"

        def format_message(self, log_entry):
            return "Not published as scheduled: " + log_entry.data.get("reason", "")


@hooks.register("search_synonyms")
def glossary_synonyms():
    return Term.objects.synonyms()


# Site search: the "Searches with no results" report.


class NoResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(search_report.PERMISSION)


@hooks.register("register_admin_urls")
def register_search_report_urls():
    view = search_report.NoResultsReportView
    return [
        path(
            "reports/searches-with-no-results/",
            view.as_view(),
            name="search_no_results_report",
        ),
        path(
            "reports/searches-with-no-results/results/",
            view.as_view(results_only=True),
            name="search_no_results_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return NoResultsMenuItem(
        "Searches with no results",
        reverse("search_no_results_report"),
        icon_name="search",
        order=1310,
    )


@hooks.register("register_permissions")
def register_search_report_permission():
    return Permission.objects.filter(
        content_type__app_label="pages", codename="view_noresultssearch"
    )


@hooks.register("before_serve_page")
def allow_page_cache_for_pages(page, request, serve_args, serve_kwargs):
    # Every page renders the same for every visitor (DECISIONS §2). Private
    # pages too: their login or password step is the same for everyone, and
    # whoever gets past it has a session, which the cache never serves.
    allow_page_cache(request)


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", two_factor.devices, name="two_factor_devices"),
        path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
        path("two-factor/set-up/", two_factor.setup, name="two_factor_setup"),
        path("two-factor/qr-code/", two_factor.qr_code, name="two_factor_qr_code"),
        path(
            "two-factor/<int:pk>/remove/",
            two_factor.remove_device,
            name="two_factor_remove_device",
        ),
        path(
            "two-factor/passkeys/<int:pk>/remove/",
            two_factor.remove_passkey,
            name="two_factor_remove_passkey",
        ),
        # django-otp-webauthn's JSON endpoints, which its scripts post to.
        path("two-factor/passkeys/", include("django_otp_webauthn.urls")),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_devices"),
        "label": "Two-factor sign-in",
        "help_text": "Add or remove the authenticator apps you sign in with.",
    }


@hooks.register("load_demo_content", order=15)
def load_demo_stories(home, stdout, refresh=False):
    # After research (order 10), whose projects the stories name, and before
    # donations (order 20).
    demo_stories.load(home, stdout, refresh)
