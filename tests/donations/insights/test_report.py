"""The donate clicks report: its figures against a known data set, its
filters, sorting, comparison and validation, and its query count."""

import re
from datetime import timedelta

from django.urls import reverse

import pytest

from donations.insights.figures import Period
from donations.insights.report.data import build_report
from donations.insights.rollup import roll_up, uk_today
from tests.factories.donations import (
    AppealFactory,
    DonationCallToActionFactory,
    DonationClickFactory,
    DonationImpressionFactory,
)
from tests.factories.pages import StandardPageFactory

from ..conftest import noon, today_so_far

pytestmark = pytest.mark.django_db

URL = "/admin/reports/donate-clicks/"


class Known:
    """Three calls to action on two pages over two weeks; see `known`."""


@pytest.fixture
def known(home_page):
    data = Known()
    data.appeal = AppealFactory(name="Spring appeal")
    data.a = DonationCallToActionFactory(name="Alpha", appeal=data.appeal)
    data.b = DonationCallToActionFactory(name="Bravo", appeal=data.appeal)
    data.c = DonationCallToActionFactory(name="Charlie")
    data.p1 = StandardPageFactory(parent=home_page, title="Page one")
    data.p2 = StandardPageFactory(parent=home_page, title="Page two")

    def clicks(cta, page, placement, at, number=1, **flags):
        for _ in range(number):
            DonationClickFactory(
                call_to_action=cta,
                source_page=page,
                placement=placement,
                clicked_at=at,
                **flags,
            )

    def seen(cta, page, placement, at, count):
        DonationImpressionFactory(
            call_to_action=cta,
            source_page=page,
            placement=placement,
            hour=at.replace(minute=0, second=0, microsecond=0),
            count=count,
        )

    # This period: the last 7 days, today included.
    clicks(data.a, data.p1, "body", noon(1), 3)
    clicks(data.a, data.p1, "body", noon(1), is_duplicate=True)
    clicks(data.a, data.p1, "body", noon(1), is_bot=True)
    clicks(data.a, data.p1, "body", today_so_far(), 2)
    clicks(data.b, data.p2, "foot", noon(3), 4)
    clicks(data.c, data.p1, "foot", noon(2), 1)
    seen(data.a, data.p1, "body", noon(1), 100)
    seen(data.a, data.p1, "body", today_so_far(), 50)
    seen(data.b, data.p2, "foot", noon(3), 80)
    seen(data.c, data.p1, "foot", noon(2), 20)
    # The 7 days before.
    clicks(data.a, data.p1, "body", noon(8), 2)
    clicks(data.c, data.p1, "foot", noon(10), 4)
    seen(data.a, data.p1, "body", noon(8), 40)
    seen(data.c, data.p1, "foot", noon(10), 30)

    # Rolled up, except three days ago (and today): those are read raw.
    today = uk_today()
    roll_up(today - timedelta(days=n) for n in range(1, 14) if n != 3)
    data.period = Period.last(7)
    return data


def test_report_figures_match_the_known_data_set(known):
    report = build_report(known.period)

    assert (report.total.clicks, report.total.impressions) == (10, 250)
    assert report.total.ctr == pytest.approx(0.04)
    assert (report.total.duplicate_clicks, report.total.bot_clicks) == (1, 1)
    by_cta = {
        row.label: (row.figures.clicks, row.figures.impressions)
        for row in (report.cta_rows)
    }
    assert by_cta == {"Alpha": (5, 150), "Bravo": (4, 80), "Charlie": (1, 20)}
    by_placement = {
        row.placement: (row.figures.clicks, row.figures.impressions)
        for row in report.placement_rows
    }
    assert by_placement == {"body": (5, 150), "foot": (5, 100)}
    by_page = {
        row.title: (row.figures.clicks, row.figures.impressions)
        for row in (report.page_rows)
    }
    assert by_page == {"Page one": (6, 170), "Page two": (4, 80)}
    assert report.page_count == 2
    today = uk_today()
    by_day = {row.day: row.figures.clicks for row in report.day_rows}
    assert len(by_day) == 7
    assert by_day[today] == 2
    assert by_day[today - timedelta(days=1)] == 3
    assert by_day[today - timedelta(days=3)] == 4  # not rolled up: read raw
    assert sum(by_day.values()) == 10


def test_report_compares_with_the_period_before(known):
    report = build_report(known.period)

    assert report.previous_period == Period(
        uk_today() - timedelta(days=13), uk_today() - timedelta(days=7)
    )
    assert (report.previous_total.clicks, report.previous_total.impressions) == (6, 70)
    assert report.clicks_change == pytest.approx(4 / 6)
    alpha = next(row for row in report.cta_rows if row.label == "Alpha")
    assert (alpha.previous.clicks, alpha.change) == (2, pytest.approx(1.5))
    bravo = next(row for row in report.cta_rows if row.label == "Bravo")
    assert bravo.change is None  # nothing to compare with
    eight_days_ago = uk_today() - timedelta(days=8)
    row = next(r for r in report.day_rows if r.previous_day == eight_days_ago)
    assert row.previous.clicks == 2


def test_report_filters_by_appeal_and_by_call_to_action(known):
    by_appeal = build_report(known.period, appeal=known.appeal)
    assert by_appeal.total.clicks == 9
    assert {row.label for row in by_appeal.cta_rows} == {"Alpha", "Bravo"}
    assert {row.title: row.figures.clicks for row in by_appeal.page_rows} == {
        "Page one": 5,
        "Page two": 4,
    }
    assert by_appeal.previous_total.clicks == 2

    one = build_report(known.period, cta=known.b)
    assert one.total.clicks == 4
    assert [row.placement for row in one.placement_rows] == ["foot"]

    neither = build_report(known.period, appeal=known.appeal, cta=known.c)
    assert neither.total.clicks == 0
    assert neither.cta_rows == [] and neither.page_rows == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-clicks", ["Alpha", "Bravo", "Charlie"]),
        ("clicks", ["Charlie", "Bravo", "Alpha"]),
        ("-ctr", ["Bravo", "Charlie", "Alpha"]),
        ("name", ["Alpha", "Bravo", "Charlie"]),
        ("-name", ["Charlie", "Bravo", "Alpha"]),
        ("-impressions", ["Alpha", "Bravo", "Charlie"]),
        ("-change", ["Alpha", "Charlie", "Bravo"]),  # no change figure: last
        ("nonsense", ["Alpha", "Bravo", "Charlie"]),  # the default
    ],
)
def test_call_to_action_table_sorts(known, sort, expected):
    report = build_report(known.period, sorts={"cta": sort})

    assert [row.label for row in report.cta_rows] == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["Page one", "Page two"]),
        ("-title", ["Page two", "Page one"]),
        ("-ctr", ["Page two", "Page one"]),
        ("ctr", ["Page one", "Page two"]),
        ("impressions", ["Page two", "Page one"]),
    ],
)
def test_page_table_sorts_in_the_database(known, sort, expected):
    report = build_report(known.period, sorts={"page": sort})

    assert [row.title for row in report.page_rows] == expected


def test_placement_table_sorts(known):
    report = build_report(known.period, sorts={"placement": "-ctr"})

    assert [row.placement for row in report.placement_rows] == ["foot", "body"]


def test_page_table_is_paginated_and_an_old_page_number_shows_the_last(known):
    first = build_report(known.period, page_size=1, page_number=1)
    past_the_end = build_report(known.period, page_size=1, page_number=9)

    assert [row.title for row in first.page_rows] == ["Page one"]
    assert (first.page_count, first.page_pages) == (2, 2)
    assert past_the_end.page_number == 2
    assert [row.title for row in past_the_end.page_rows] == ["Page two"]


def test_report_page_shows_the_figures_chart_and_tables(fundraiser_client, known):
    response = fundraiser_client.get(URL, {"period": "7"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Donate clicks" in html
    for text in ("Alpha", "Bravo", "Page one", "4.00%", "+67%", "1 duplicate"):
        assert text in html
    chart = re.search(r'<figure class="dr-chart">.*?</figure>', html, re.S).group(0)
    assert '<svg class="dr-chart__svg"' in chart and 'role="img"' in chart
    assert "style=" not in chart and "<script" not in chart
    assert 'aria-sort="descending"' in html
    assert "<caption" in html  # the chart's data table


def test_report_links_keep_the_filters_and_sort_each_table(fundraiser_client, known):
    start = known.period.start.isoformat()
    response = fundraiser_client.get(
        URL, {"period": "custom", "start": start, "end": known.period.end.isoformat()}
    )

    html = response.content.decode()
    assert "export=xlsx" in html
    link = re.search(r'href="\?([^"]*cta_sort=-?name[^"]*)"', html).group(1)
    assert f"start={start}" in link and "period=custom" in link


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "custom"}, "Enter the first day"),
        (
            {"period": "custom", "start": "2026-03-10", "end": "2026-03-01"},
            "on or after the first day",
        ),
        (
            {"period": "custom", "start": "2023-01-01", "end": "2025-12-31"},
            "at most two years",
        ),
        (
            {"period": "custom", "start": "2026-02-30", "end": "2026-03-01"},
            "valid date",
        ),
        ({"period": "appeal"}, "Choose the appeal"),
        ({"period": "fortnight"}, "Select a valid choice"),
        ({"appeal": "999999"}, "Select a valid choice"),
    ],
)
def test_bad_filters_get_clear_form_errors(fundraiser_client, query, message):
    response = fundraiser_client.get(URL, query)

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert 'aria-invalid="true"' in html or "period" in query
    assert "dr-cards" not in html  # no figures for a bad period


def test_future_end_and_appeal_without_dates_are_refused(fundraiser_client):
    tomorrow = (uk_today() + timedelta(days=1)).isoformat()
    response = fundraiser_client.get(
        URL, {"period": "custom", "start": "2026-01-01", "end": tomorrow}
    )
    assert "cannot be after today" in response.content.decode()

    undated = AppealFactory(name="Undated")
    response = fundraiser_client.get(URL, {"period": "appeal", "appeal": undated.pk})
    assert "Undated has no start date" in response.content.decode()

    future = AppealFactory(starts_on=uk_today() + timedelta(days=5))
    response = fundraiser_client.get(URL, {"period": "appeal", "appeal": future.pk})
    assert "there are no figures yet" in response.content.decode()


def test_appeal_period_runs_from_its_start_to_its_end_or_today(known):
    from donations.insights.report.forms import ReportFilterForm

    known.appeal.starts_on = uk_today() - timedelta(days=20)
    known.appeal.ends_on = uk_today() - timedelta(days=2)
    known.appeal.save()
    form = ReportFilterForm({"period": "appeal", "appeal": known.appeal.pk})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["dates"] == Period(
        uk_today() - timedelta(days=20), uk_today() - timedelta(days=2)
    )


def make_activity(home_page, ctas: int, pages: int) -> None:
    appeal = AppealFactory()
    made_pages = [StandardPageFactory(parent=home_page) for _ in range(pages)]
    for number in range(ctas):
        cta = DonationCallToActionFactory(appeal=appeal if number % 2 else None)
        for page in made_pages:
            DonationClickFactory(
                call_to_action=cta, source_page=page, clicked_at=noon(2)
            )
            DonationImpressionFactory(
                call_to_action=cta, source_page=page, hour=noon(2), count=3
            )
            DonationClickFactory(
                call_to_action=cta, source_page=page, clicked_at=today_so_far()
            )
    roll_up([uk_today() - timedelta(days=2)])


@pytest.mark.parametrize(("ctas", "pages"), [(2, 2), (12, 9)])
def test_report_queries_do_not_grow_with_calls_to_action_or_pages(
    fundraiser_client, home_page, django_assert_max_num_queries, ctas, pages
):
    make_activity(home_page, ctas, pages)
    fundraiser_client.get(URL)  # session, permissions and site caches

    with django_assert_max_num_queries(24):
        response = fundraiser_client.get(URL, {"period": "30"})

    assert response.status_code == 200
    assert response.context["report"].page_count == pages
    assert len(response.context["report"].cta_rows) == ctas


def test_dashboard_panel_queries_do_not_grow(
    fundraiser_client, home_page, django_assert_max_num_queries
):
    make_activity(home_page, 2, 2)
    fundraiser_client.get(reverse("wagtailadmin_home"))
    with django_assert_max_num_queries(60) as small:
        fundraiser_client.get(reverse("wagtailadmin_home"))
    budget = len(small.captured_queries)
    make_activity(home_page, 10, 6)
    fundraiser_client.get(
        reverse("wagtailadmin_home")
    )  # new calls to action cleared the caches

    with django_assert_max_num_queries(budget):
        response = fundraiser_client.get(reverse("wagtailadmin_home"))

    assert "Donate clicks, last 7 days" in response.content.decode()


def test_the_filter_lists_keep_the_choice_made_and_point_at_their_errors(
    fundraiser_client, known
):
    chosen = fundraiser_client.get(
        URL, {"period": "7", "call_to_action": known.b.pk}
    ).content.decode()
    wrong = fundraiser_client.get(URL, {"appeal": "999999"}).content.decode()

    assert f'<option value="{known.b.pk}" selected>Bravo</option>' in chosen
    assert '<option value="" selected>All appeals</option>' in chosen
    select = re.search(r'<select name="appeal"[^>]*>', wrong).group(0)
    assert 'aria-invalid="true"' in select
    assert 'aria-describedby="id_appeal-error"' in select
