"""The insights' place in the Wagtail admin: the report's menu item and URLs,
the dashboard panel, the report permission and the A/B test log action.
Imported by `donations.apps` once the app registry is ready."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .ab_testing import END_ACTION
from .report import urls as report_urls
from .report.panels import DonateClicksPanel
from .report.views import PERMISSION


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
