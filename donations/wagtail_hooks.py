from django.contrib.auth.models import Permission
from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import demo
from .ab_testing import END_ACTION
from .models import Appeal, DonationCallToAction
from .report import urls as report_urls
from .report.panels import DonateClicksPanel
from .report.views import PERMISSION


class DonationCallToActionViewSet(SnippetViewSet):
    model = DonationCallToAction
    icon = "pick"
    menu_label = "Calls to action"
    list_display = [
        "name",
        "heading",
        "appeal",
        "active_from",
        "active_until",
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["live", "appeal", "destination"]
    search_fields = ["name", "heading", "message"]
    ordering = ["name"]
    copy_view_enabled = True


class AppealViewSet(SnippetViewSet):
    model = Appeal
    icon = "calendar"
    menu_label = "Appeals"
    list_display = ["name", "starts_on", "ends_on", "designation"]
    list_filter = ["designation"]
    search_fields = ["name"]


class DonationsViewSetGroup(SnippetViewSetGroup):
    menu_label = "Donations"
    menu_icon = "pick"
    menu_order = 300
    items = (DonationCallToActionViewSet, AppealViewSet)


register_snippet(DonationsViewSetGroup)


@hooks.register("load_demo_content", order=20)
def load_donations_demo(home, stdout, refresh=False):
    demo.load(home, stdout, refresh=refresh)


class FundraisingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/donate-clicks/", include(report_urls))]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return FundraisingMenuItem(
        "Donate clicks",
        reverse("donations_report:index"),
        name="donate-clicks",
        icon_name="pick",
        order=50,
    )


@hooks.register("construct_homepage_panels")
def add_donate_clicks_panel(request, panels):
    if request.user.has_perm(PERMISSION):
        panels.append(DonateClicksPanel())


@hooks.register("register_permissions")
def register_report_permission():
    # Listed under "Other permissions" when editing a group.
    return Permission.objects.filter(
        content_type__app_label="donations", codename="view_fundraising_report"
    )


@hooks.register("register_log_actions")
def register_ab_test_log_actions(actions):
    actions.register_action(
        END_ACTION, "End A/B test", "Ended an A/B test and kept one version"
    )
