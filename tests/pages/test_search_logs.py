"""Search logs: what is recorded, the no-results report, who sees it, pruning."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from wagtail.contrib.search_promotions.models import (
    Query,
    QueryDailyHits,
    SearchPromotion,
)

import pytest

from pages.search.logs import loggable
from pages.search.models import NoResultsSearch
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/searches-with-no-results/"


@pytest.fixture
def article(home_page):
    hub = TopicIndexPageFactory(parent=home_page, title="About MS")
    return ArticlePageFactory(parent=hub, title="Fatigue and MS")


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "a@example.org", "pw")


def editor(with_permission: bool):
    user = get_user_model().objects.create_user("ed", "ed@example.org", "pw")
    group = Group.objects.create(name="Report readers" if with_permission else "Other")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if with_permission:
        group.permissions.add(Permission.objects.get(codename="view_noresultssearch"))
    user.groups.add(group)
    return user


def test_each_search_counts_towards_the_search_terms_report(client, article):
    client.get("/search/", {"q": "Fatigue"})
    client.get("/search/", {"q": "fatigue "})

    assert Query.objects.get(query_string="fatigue").hits == 2
    assert not NoResultsSearch.objects.exists()


def test_searches_with_no_results_are_counted_per_day(client, article):
    for query in ["Xylophone", "xylophone", "Kazoo"]:
        client.get("/search/", {"q": query})

    counts = dict(NoResultsSearch.objects.values_list("query_string", "hits"))
    assert counts == {"xylophone": 2, "kazoo": 1}
    assert NoResultsSearch.objects.get(query_string="kazoo").date == (
        timezone.localdate()
    )


def test_empty_searches_later_pages_and_filters_are_not_logged(client, article):
    client.get("/search/")
    client.get("/search/", {"q": "   "})
    client.get("/search/", {"q": "fatigue", "page": "2"})
    client.get("/search/", {"q": "xylophone", "type": "article"})

    assert not Query.objects.exists()
    assert not NoResultsSearch.objects.exists()


def test_logged_text_is_cut_and_personal_details_blanked():
    assert loggable("Email me at jo@example.org") == "email me at [email]"
    assert loggable("NHS 943 476 5919 dose") == "nhs [number] dose"
    assert len(loggable("word " * 100)) <= 100


def test_no_results_report_lists_unknown_searches_with_counts(
    client, article, superuser
):
    for query in ["xylophone", "xylophone", "kazoo", "fatigue"]:
        client.get("/search/", {"q": query})
    client.force_login(superuser)

    html = client.get(REPORT).content.decode()

    assert "xylophone" in html and "kazoo" in html
    assert "fatigue" not in html.split("</header>", 1)[-1].split("search-form")[0]
    rows = list(
        NoResultsSearch.objects.order_by("query_string").values_list(
            "query_string", "hits"
        )
    )
    assert rows == [("kazoo", 1), ("xylophone", 2)]


def test_no_results_report_respects_the_period(client, superuser):
    today = timezone.localdate()
    NoResultsSearch.objects.create(query_string="recent", date=today, hits=3)
    NoResultsSearch.objects.create(
        query_string="lastmonth", date=today - datetime.timedelta(days=20), hits=1
    )
    NoResultsSearch.objects.create(
        query_string="longago", date=today - datetime.timedelta(days=60), hits=5
    )
    client.force_login(superuser)

    week = client.get(REPORT, {"period": "7"}).content.decode()
    default = client.get(REPORT).content.decode()
    quarter = client.get(REPORT, {"period": "90"}).content.decode()
    since = (today - datetime.timedelta(days=61)).isoformat()
    until = (today - datetime.timedelta(days=59)).isoformat()
    custom = client.get(REPORT, {"date_from": since, "date_to": until}).content.decode()

    assert "recent" in week and "lastmonth" not in week
    assert "lastmonth" in default and "longago" not in default
    assert "longago" in quarter
    assert "longago" in custom and "recent" not in custom


def test_no_results_report_sums_days(client, superuser):
    today = timezone.localdate()
    for days_ago in (0, 1, 2):
        NoResultsSearch.objects.create(
            query_string="kazoo",
            date=today - datetime.timedelta(days=days_ago),
            hits=2,
        )
    client.force_login(superuser)

    response = client.get(REPORT, {"export": "csv"})
    body = b"".join(response.streaming_content).decode()

    assert "kazoo,6,3," in body


def test_report_needs_the_permission(client):
    client.force_login(editor(with_permission=False))

    response = client.get(REPORT)
    assert response.status_code == 403
    assert "may include health details" in response.content.decode()
    assert "Searches with no results" not in client.get("/admin/").content.decode()


def test_report_is_open_to_editors_with_the_permission(client):
    client.force_login(editor(with_permission=True))

    assert client.get(REPORT).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(REPORT)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_prune_deletes_old_logs_and_unused_queries(settings):
    settings.SEARCH_LOG_RETENTION_DAYS = 30
    today = timezone.localdate()
    old = today - datetime.timedelta(days=31)
    kept = today - datetime.timedelta(days=30)
    stale, fresh, promoted = (
        Query.get("stale"),
        Query.get("fresh"),
        Query.get("promoted"),
    )
    stale.add_hit(date=old)
    fresh.add_hit(date=old)
    fresh.add_hit(date=kept)
    promoted.add_hit(date=old)
    SearchPromotion.objects.create(
        query=promoted, external_link_url="https://example.org", external_link_text="x"
    )
    NoResultsSearch.objects.create(query_string="stale", date=old, hits=1)
    NoResultsSearch.objects.create(query_string="fresh", date=kept, hits=1)

    call_command("prune_search_logs", stdout=None)

    assert set(QueryDailyHits.objects.values_list("date", flat=True)) == {kept}
    assert set(Query.objects.values_list("query_string", flat=True)) == {
        "fresh",
        "promoted",
    }
    assert list(NoResultsSearch.objects.values_list("query_string", flat=True)) == [
        "fresh"
    ]
