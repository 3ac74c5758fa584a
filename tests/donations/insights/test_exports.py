"""CSV and XLSX downloads: exactly what the report shows, in UK time, with
anything a spreadsheet would run as a formula kept as text."""

import csv
import html
import io
from datetime import UTC, datetime, timedelta

from django.utils import timezone

import pytest
from openpyxl import load_workbook

from donations.insights.report.exports import escape_formula
from donations.insights.rollup import roll_up, uk_day_bounds, uk_today
from donations.links import CONTROL_VARIANT
from donations.models import CallToActionTest
from tests.factories.donations import (
    AppealFactory,
    DonationCallToActionFactory,
    DonationClickFactory,
    DonationImpressionFactory,
    GiftFactory,
    with_variants,
)
from tests.factories.pages import StandardPageFactory

pytestmark = pytest.mark.django_db

URL = "/admin/reports/donate-clicks/"


def last_year() -> int:
    return uk_today().year - 1


NASTY = ['=HYPERLINK("http://evil.example")', "+44 20 7946 0000", "-1+2", "@SUM(A1)"]


@pytest.fixture
def data(home_page):
    """Four calls to action whose names a spreadsheet would run, clicked on
    three pages yesterday, and an A/B test started at a known time."""
    yesterday = uk_day_bounds(uk_today() - timedelta(days=1))[0] + timedelta(hours=9)
    appeal = AppealFactory(name="=Appeal")
    pages = [StandardPageFactory(parent=home_page, title=f"Page {n}") for n in range(3)]
    ctas = []
    for number, name in enumerate(NASTY):
        cta = DonationCallToActionFactory(name=name, appeal=appeal)
        ctas.append(cta)
        for page in pages:
            for _ in range(number + 1):
                DonationClickFactory(
                    call_to_action=cta, source_page=page, clicked_at=yesterday
                )
            DonationImpressionFactory(
                call_to_action=cta, source_page=page, hour=yesterday, count=50
            )
        GiftFactory(
            call_to_action=cta,
            source_page=pages[0],
            amount_pence=2550,
            gift_aid=number == 0,
            given_at=yesterday,
        )
    GiftFactory(
        call_to_action=None,
        source="none",
        placement="",
        amount_pence=10000,
        given_at=yesterday,
    )
    with_variants(ctas[0], {"heading": "Variant heading"})
    # Summer time: 13:30 UTC is 14:30 in the UK. Last year's, so always past.
    CallToActionTest.objects.update(
        started_at=datetime(last_year(), 7, 1, 13, 30, tzinfo=UTC)
    )
    roll_up([uk_today() - timedelta(days=1)])
    return {"ctas": ctas, "pages": pages}


def download_csv(client, table: str, **query) -> list[list[str]]:
    response = client.get(
        URL, {"period": "7", "export": "csv", "table": table, **query}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_escape_formula_prefixes_only_text_that_starts_a_formula():
    assert [escape_formula(value) for value in NASTY] == [f"'{v}" for v in NASTY]
    assert escape_formula("\tcmd") == "'\tcmd"
    assert escape_formula("Donate now") == "Donate now"
    assert escape_formula(-12) == -12
    assert escape_formula(None) is None


def test_csv_of_calls_to_action_is_the_table_on_screen(fundraiser_client, data):
    rows = download_csv(fundraiser_client, "calls-to-action", cta_sort="name")
    shown = fundraiser_client.get(URL, {"period": "7", "cta_sort": "name"})

    assert rows[0] == ["Call to action", "Appeal", *FIGURE_HEADINGS] + [
        "Clicks, previous period",
        "Change in clicks (%)",
    ]
    names = [row[0] for row in rows[1:]]
    labels = [row.label for row in shown.context["report"].cta_rows]
    assert names[:-1] == [f"'{label}" for label in labels[:-1]]
    # Gifts not credited to a button come last, whatever the sort.
    assert names[-1] == labels[-1] == "Not from a donate button"
    by_name = {row[0]: row for row in rows[1:]}
    hyperlink = by_name['\'=HYPERLINK("http://evil.example")']
    assert hyperlink[1] == "'=Appeal"
    assert hyperlink[2:5] == ["150", "3", "2.0"]
    assert by_name["'@SUM(A1)"][3] == "12"


def test_csv_of_pages_has_every_page_not_just_the_first_screen(
    fundraiser_client, data, monkeypatch
):
    monkeypatch.setattr("donations.insights.report.views.PAGE_SIZE", 2)

    shown = fundraiser_client.get(URL, {"period": "7", "page_sort": "title"})
    rows = download_csv(fundraiser_client, "pages", page_sort="title")

    assert len(shown.context["report"].page_rows) == 2
    assert [row[0] for row in rows[1:]] == ["Page 0", "Page 1", "Page 2"]
    assert rows[1][2:4] == ["200", "10"]


def test_csv_of_ab_tests_is_in_uk_time(fundraiser_client, data):
    rows = download_csv(fundraiser_client, "ab-tests")

    assert rows[0][1] == "Test started (UK time)"
    versions = rows[1:]
    assert [row[4] for row in versions] == ["A (control)", "B"]
    assert versions[0][1] == f"{last_year()}-07-01 14:30"
    assert versions[0][0] == '\'=HYPERLINK("http://evil.example")'


def test_csv_summary_and_days(fundraiser_client, data):
    summary = {row[0]: row[1:] for row in download_csv(fundraiser_client, "summary")}
    days = download_csv(fundraiser_client, "days")

    assert summary["Clicks"][0] == "30"
    assert summary["Impressions"][0] == "600"
    assert summary["Click-through rate (%)"][0] == "5.0"
    assert summary["Calls to action"][0] == "All calls to action"
    downloaded = datetime.strptime(summary["Downloaded (UK time)"][0], "%Y-%m-%d %H:%M")
    local_now = timezone.localtime().replace(tzinfo=None)
    assert abs(local_now - downloaded) < timedelta(minutes=2)
    assert len(days) == 8
    yesterday = (uk_today() - timedelta(days=1)).isoformat()
    assert [row for row in days if row[0] == yesterday][0][1:3] == ["600", "30"]


def test_xlsx_has_a_sheet_per_table_with_numbers_dates_and_escaped_text(
    fundraiser_client, data
):
    response = fundraiser_client.get(URL, {"period": "7", "export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Summary",
        "By day",
        "By call to action",
        "By appeal",
        "By version",
        "By placement",
        "By page",
        "A-B tests",
    ]
    ctas = list(workbook["By call to action"].iter_rows(values_only=True))
    assert ctas[0][:4] == ("Call to action", "Appeal", "Impressions", "Clicks")
    first = ctas[1]
    assert first[0] == "'@SUM(A1)"  # most clicks first, as on screen
    assert first[1] == "'=Appeal"
    assert (first[2], first[3]) == (150, 12)
    assert first[4] == pytest.approx(0.08)
    rate_cell = workbook["By call to action"]["E2"]
    assert rate_cell.number_format == "0.00%"
    for row in workbook["By call to action"].iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    tests = list(workbook["A-B tests"].iter_rows(values_only=True))
    assert tests[1][1] == datetime(last_year(), 7, 1, 14, 30)  # UK time, no zone
    days = list(workbook["By day"].iter_rows(values_only=True))
    assert len(days) == 8
    assert days[-2][0].date() == uk_today() - timedelta(days=1)
    pages = list(workbook["By page"].iter_rows(values_only=True))
    assert len(pages) == 4


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"export": "pdf"}, "Downloads are CSV or XLSX."),
        ({"export": "csv"}, "Choose one of the report's tables"),
        ({"export": "csv", "table": "secrets"}, "Choose one of the report's tables"),
        ({"export": "xlsx", "period": "custom"}, "The dates or filters are not valid"),
    ],
)
def test_bad_downloads_get_a_400_with_the_reason(fundraiser_client, query, message):
    response = fundraiser_client.get(URL, query)

    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())


def test_control_is_always_the_first_version_in_the_download(fundraiser_client, data):
    rows = download_csv(fundraiser_client, "ab-tests")

    assert rows[1][4] == "A (control)"
    assert CallToActionTest.objects.get().versions[0]["key"] == CONTROL_VARIANT


def test_money_raised_is_in_every_download(fundraiser_client, data):
    summary = {row[0]: row[1:] for row in download_csv(fundraiser_client, "summary")}
    assert summary["Money raised (£)"][0] == "202.0"  # four £25.50 and one £100
    assert summary["Gifts"][0] == "5"
    assert summary["Gifts from donate buttons"][0] == "4"
    assert summary["Gifts with Gift Aid (%)"][0] == "20.0"
    placements = download_csv(fundraiser_client, "placements")
    assert placements[0][1:] == FIGURE_HEADINGS
    assert placements[-1][0] == "Not from a donate button"
    assert placements[-1][10] == "100.0"
    appeals = download_csv(fundraiser_client, "appeals")
    assert appeals[1][0] == "'=Appeal" and appeals[1][10] == "102.0"

    response = fundraiser_client.get(URL, {"period": "7", "export": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    pages = list(workbook["By page"].iter_rows(values_only=True))
    first = {row[0]: row for row in pages[1:]}["Page 0"]
    # The public address, not the tree path (home/page-0/ under the root).
    assert first[1] == data["pages"][0].full_url
    assert first[11] == pytest.approx(102.0)
    assert workbook["By page"]["L2"].number_format == '"£"#,##0.00'


# Every breakdown's figures, in every download, after the row's own columns.
FIGURE_HEADINGS = [
    "Impressions",
    "Clicks",
    "Click-through rate (%)",
    "Gifts",
    "One-off gifts",
    "New monthly gifts",
    "Gifts per click (%)",
    "Gifts per impression (%)",
    "Gifts with Gift Aid (%)",
    "Money raised (£)",
    "One-off money (£)",
    "Monthly money, first payments (£)",
    "Average gift (£)",
]


@pytest.mark.parametrize(
    ("table", "own", "label"),
    [
        ("calls-to-action", 2, '\'=HYPERLINK("http://evil.example")'),
        ("appeals", 1, "'=Appeal"),
        ("versions", 2, "B"),
        ("placements", 1, "In the page's content"),
        ("pages", 2, "Page 0"),
    ],
)
def test_every_breakdown_download_splits_gifts_and_money(
    fundraiser_client, data, table, own, label
):
    # The first call to action, on three pages, had one £25.50 gift with Gift
    # Aid on the first page; a monthly £12 gift came through its version B.
    cta = data["ctas"][0]
    GiftFactory(
        call_to_action=cta,
        source_page=data["pages"][0],
        variant=CallToActionTest.objects.get().variant_keys[1],
        amount_pence=1200,
        frequency="monthly",
        given_at=uk_day_bounds(uk_today())[0],
    )
    rows = download_csv(fundraiser_client, table)

    assert rows[0][own : own + len(FIGURE_HEADINGS)] == FIGURE_HEADINGS
    row = next(line for line in rows[1:] if label in line[:own])
    figures = dict(zip(FIGURE_HEADINGS, row[own:], strict=False))
    # Gifts, one-off, monthly, per impression, Gift Aid, one-off £, monthly £,
    # average £: four £25.50 gifts (one with Gift Aid) and the £12 monthly one.
    everything = ("5", "4", "1", "0.83", "20.0", "102.0", "12.0", "22.8")
    expected = {
        "calls-to-action": ("2", "1", "1", "1.33", "50.0", "25.5", "12.0", "18.75"),
        "appeals": everything,
        "versions": ("1", "0", "1", "", "0.0", "0.0", "12.0", "12.0"),
        "placements": everything,
        # Its 200 impressions: the four calls to action's on this page.
        "pages": ("5", "4", "1", "2.5", "20.0", "102.0", "12.0", "22.8"),
    }[table]
    assert (
        tuple(
            figures[name]
            for name in (
                "Gifts",
                "One-off gifts",
                "New monthly gifts",
                "Gifts per impression (%)",
                "Gifts with Gift Aid (%)",
                "One-off money (£)",
                "Monthly money, first payments (£)",
                "Average gift (£)",
            )
        )
        == expected
    )

    workbook = load_workbook(
        io.BytesIO(
            fundraiser_client.get(URL, {"period": "7", "export": "xlsx"}).content
        )
    )
    sheet = workbook[
        {
            "calls-to-action": "By call to action",
            "appeals": "By appeal",
            "versions": "By version",
            "placements": "By placement",
            "pages": "By page",
        }[table]
    ]
    # The same columns, without the CSV's units: the workbook formats them.
    headings = [cell.value for cell in sheet[1]][own : own + len(FIGURE_HEADINGS)]
    assert headings == [heading.split(" (")[0] for heading in FIGURE_HEADINGS]
