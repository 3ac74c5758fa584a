"""Who may see the donate clicks report: fundraisers yes, editors no (a 403 on
every URL, downloads included), visitors who are not signed in go to log in."""

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail import hooks

import pytest

from donations.models import CallToActionTest
from tests.factories.donations import DonationCallToActionFactory, with_variants

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/donate-clicks/"


@pytest.fixture
def ab_test_pk(home_page):
    cta = with_variants(DonationCallToActionFactory(), {"heading": "Other"})
    return CallToActionTest.objects.get(call_to_action=cta).pk


def report_urls(ab_test_pk: int) -> list[str]:
    return [
        REPORT,
        REPORT + "?period=90&cta_sort=ctr",
        REPORT + "?export=csv&table=pages",
        REPORT + "?export=xlsx",
        reverse("donations_report:ab_test", args=[ab_test_pk]),
        reverse("donations_report:end_ab_test", args=[ab_test_pk]),
    ]


def test_the_fundraising_group_has_the_report_permission():
    group = Group.objects.get(name="Fundraising")
    codenames = set(group.permissions.values_list("codename", flat=True))

    assert {
        "access_admin",
        "view_fundraising_report",
        "add_donationcalltoaction",
        "change_donationcalltoaction",
        "publish_donationcalltoaction",
        "change_appeal",
        "change_donationsettings",
    } <= codenames
    assert (
        not Group.objects.get(name="Editors")
        .permissions.filter(codename="view_fundraising_report")
        .exists()
    )


def test_fundraiser_sees_the_menu_item_the_report_and_the_panel(
    fundraiser_client, ab_test_pk
):
    home = fundraiser_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Donate clicks" in home  # the Reports menu item
    assert REPORT in home
    assert "Donate clicks, last 7 days" in home  # the dashboard panel
    for url in report_urls(ab_test_pk):
        assert fundraiser_client.get(url).status_code == 200, url


def test_editor_gets_no_menu_item_and_a_403_everywhere(client, editor, ab_test_pk):
    client.force_login(editor)

    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert "Donate clicks" not in home.content.decode()
    for url in report_urls(ab_test_pk):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Fundraising group" in response.content.decode()
    end = reverse("donations_report:end_ab_test", args=[ab_test_pk])
    assert client.post(end, {"keep": "control"}).status_code == 403
    assert CallToActionTest.objects.get(pk=ab_test_pk).is_running


def test_visitors_who_are_not_signed_in_go_to_the_login_page(client, ab_test_pk):
    for url in report_urls(ab_test_pk):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_report_permission_alone_does_not_let_you_end_a_test(
    client, editor, ab_test_pk
):
    editor.user_permissions.add(
        Permission.objects.get(codename="view_fundraising_report")
    )
    client.force_login(editor)
    detail = reverse("donations_report:ab_test", args=[ab_test_pk])
    end = reverse("donations_report:end_ab_test", args=[ab_test_pk])

    assert client.get(REPORT).status_code == 200
    assert "End the test" not in client.get(detail).content.decode()
    assert client.get(end).status_code == 403
    assert client.post(end, {"keep": "control"}).status_code == 403


def test_the_permission_is_offered_when_editing_any_group():
    offered = [
        permission
        for hook in hooks.get_hooks("register_permissions")
        for permission in hook()
    ]

    assert any(p.codename == "view_fundraising_report" for p in offered)
