"""Money in the report: gifts from the provider's confirmations, by call to
action, placement, page, appeal and version, and the query count with them."""

import re
from datetime import timedelta

import pytest

from donations.insights.figures import FIGURE_SORTS, Period
from donations.insights.page_table import ORDERINGS
from donations.insights.report.data import build_report
from donations.insights.rollup import roll_up, uk_today
from donations.models import AttributionSource, GiftStatus
from tests.factories.donations import (
    AppealFactory,
    DonatePageFactory,
    DonationCallToActionFactory,
    DonationClickFactory,
    DonationImpressionFactory,
    GiftFactory,
)
from tests.factories.pages import StandardPageFactory

from ..conftest import noon, today_so_far

pytestmark = pytest.mark.django_db

URL = "/admin/reports/donate-clicks/"


class Known:
    """Two calls to action on two pages, their clicks and gifts; see `known`."""


@pytest.fixture
def known(home_page):
    data = Known()
    data.appeal = AppealFactory(name="Spring appeal")
    data.a = DonationCallToActionFactory(name="Alpha", appeal=data.appeal)
    data.b = DonationCallToActionFactory(name="Bravo")
    data.p1 = StandardPageFactory(parent=home_page, title="Page one")
    data.p2 = StandardPageFactory(parent=home_page, title="Page two")
    data.donate = DonatePageFactory(parent=home_page)
    for cta, page, placement, clicks, seen in (
        (data.a, data.p1, "body", 10, 400),
        (data.b, data.p2, "foot", 5, 100),
    ):
        for _ in range(clicks):
            DonationClickFactory(
                call_to_action=cta,
                source_page=page,
                placement=placement,
                clicked_at=noon(1),
            )
        DonationImpressionFactory(
            call_to_action=cta,
            source_page=page,
            placement=placement,
            hour=noon(1),
            count=seen,
        )

    def gift(cta, page, placement="body", **fields):
        return GiftFactory(
            call_to_action=cta,
            source_page=page,
            placement=placement,
            given_at=fields.pop("given_at", noon(1)),
            **fields,
        )

    gift(data.a, data.p1, amount_pence=2500, gift_aid=True)
    gift(data.a, data.p1, amount_pence=1000, frequency="monthly", gift_aid=True)
    gift(data.a, data.p1, amount_pence=5000, refunded_pence=2000)  # raised £30
    gift(data.b, data.p2, "foot", amount_pence=2000, given_at=today_so_far())
    # Counted in money raised, not for any button.
    gift(None, data.donate, "", amount_pence=4000, source=AttributionSource.DONATE_PAGE)
    gift(None, data.p2, "", amount_pence=500, source=AttributionSource.EXPIRED)
    # Not counted at all.
    gift(data.a, data.p1, amount_pence=9900, status=GiftStatus.REFUNDED)
    gift(data.a, data.p1, amount_pence=9900, status=GiftStatus.PENDING)
    gift(data.a, data.p1, amount_pence=9900, status=GiftStatus.FAILED)
    # The period before.
    gift(data.a, data.p1, amount_pence=3000, given_at=noon(9))
    roll_up(uk_today() - timedelta(days=n) for n in range(1, 14))
    data.period = Period.last(7)
    return data


def test_money_raised_gifts_and_conversion(known):
    report = build_report(known.period)
    total = report.total

    assert (total.gifts, total.amount) == (6, 2500 + 1000 + 3000 + 2000 + 4000 + 500)
    assert report.button_gifts == 4
    assert report.conversion == pytest.approx(4 / 15)
    assert total.gifts_per_impression == pytest.approx(6 / 500)
    assert total.average_gift == pytest.approx(13000 / 6)
    assert (total.monthly_gifts, total.monthly_amount) == (1, 1000)
    assert (total.one_off_gifts, total.one_off_amount) == (5, 12000)
    assert total.gift_aid_share == pytest.approx(2 / 6)
    assert report.previous_total.amount == 3000
    assert report.amount_change == pytest.approx(13000 / 3000 - 1)


def test_money_by_call_to_action_placement_appeal_and_page(known):
    report = build_report(known.period)

    by_cta = {
        row.label: (row.figures.gifts, row.figures.amount) for row in report.cta_rows
    }
    assert by_cta == {
        "Alpha": (3, 6500),
        "Bravo": (1, 2000),
        "Not from a donate button": (2, 4500),
    }
    assert report.cta_rows[-1].label == "Not from a donate button"
    alpha = report.cta_rows[0].figures
    assert alpha.conversion == pytest.approx(3 / 10)
    assert alpha.income_per_impression == pytest.approx(6500 / 400)
    by_placement = {row.label: row.figures.amount for row in report.placement_rows}
    assert by_placement == {
        "In the page's content": 6500,
        "At the foot of the page": 2000,
        "Not from a donate button": 4500,
    }
    assert [(row.label, row.figures.amount) for row in report.appeal_rows] == [
        ("Spring appeal", 6500),
        ("No appeal", 2000),
    ]
    by_page = {
        row.title: (row.figures.gifts, row.figures.amount) for row in report.page_rows
    }
    # The donate page's own gifts show against it; a click too old counts nowhere.
    assert by_page == {
        "Page one": (3, 6500),
        "Page two": (1, 2000),
        "Donate": (1, 4000),
    }
    richest = build_report(known.period, sorts={"page": "-amount"}).page_rows
    assert [row.title for row in richest] == ["Page one", "Donate", "Page two"]


def test_the_report_page_shows_money_and_public_addresses(fundraiser_client, known):
    response = fundraiser_client.get(URL, {"period": "7"})
    html = response.content.decode()

    for text in ("Money raised", "£130", "Gifts per click", "26.67%", "Gift Aid"):
        assert text in html
    assert "Money raised per day" in html
    # Pages by their public address, linked: never the tree path (/home/…).
    link = re.search(r'<a class="dr-path" href="([^"]+)">(/[^<]*)<', html)
    assert link.group(1) == f"http://localhost{link.group(2)}"
    assert known.p1.url_path not in html
    assert f'href="{known.p1.full_url}"' in html


def split(figures) -> tuple:
    """What every breakdown adds to clicks: gifts one-off and monthly, money
    one-off and monthly, Gift Aid share, gifts per impression, average gift."""
    return (
        figures.one_off_gifts,
        figures.monthly_gifts,
        figures.one_off_amount,
        figures.monthly_amount,
        figures.gift_aid_share,
        figures.gifts_per_impression,
        figures.average_gift,
    )


@pytest.fixture
def with_a_second_version(known):
    """Bravo also shown as version "b", clicked once, with a monthly gift."""
    DonationClickFactory(
        call_to_action=known.b,
        variant="b",
        source_page=known.p2,
        placement="foot",
        clicked_at=noon(1),
    )
    GiftFactory(
        call_to_action=known.b,
        variant="b",
        source_page=known.p2,
        placement="foot",
        amount_pence=1200,
        frequency="monthly",
        gift_aid=True,
        given_at=noon(1),
    )
    roll_up([uk_today() - timedelta(days=1)])
    return known


def test_every_breakdown_splits_gifts_and_money(with_a_second_version):
    report = build_report(with_a_second_version.period)

    alpha = (2, 1, 5500, 1000, 2 / 3, 3 / 400, 6500 / 3)
    bravo = (1, 1, 2000, 1200, 1 / 2, 2 / 100, 1600)
    no_button = (2, 0, 4500, 0, 0, None, 2250)
    assert {row.label: split(row.figures) for row in report.cta_rows} == {
        "Alpha": pytest.approx(alpha),
        "Bravo": pytest.approx(bravo),
        "Not from a donate button": pytest.approx(no_button),
    }
    assert [(row.label, split(row.figures)) for row in report.appeal_rows] == [
        ("Spring appeal", pytest.approx(alpha)),
        ("No appeal", pytest.approx(bravo)),
    ]
    assert {row.label: split(row.figures) for row in report.placement_rows} == {
        "In the page's content": pytest.approx(alpha),
        "At the foot of the page": pytest.approx(bravo),
        "Not from a donate button": pytest.approx(no_button),
    }
    assert [(row.label, split(row.figures)) for row in report.version_rows] == [
        ("A (control)", pytest.approx((1, 0, 2000, 0, 0, 1 / 100, 2000))),
        ("b", pytest.approx((0, 1, 0, 1200, 1, None, 1200))),
    ]
    assert {row.title: split(row.figures) for row in report.page_rows} == {
        "Page one": pytest.approx(alpha),
        "Page two": pytest.approx(bravo),
        "Donate": pytest.approx((1, 0, 4000, 0, 0, None, 4000)),
    }


@pytest.mark.parametrize(
    ("sort", "pages", "ctas"),
    [
        ("-average", ["Donate", "Page one", "Page two"], ["Alpha", "Bravo"]),
        ("-gift_aid", ["Page one", "Page two", "Donate"], ["Alpha", "Bravo"]),
        ("-per_impression", ["Page two", "Page one", "Donate"], ["Bravo", "Alpha"]),
        ("monthly", ["Donate", "Page one", "Page two"], ["Alpha", "Bravo"]),
        ("-one_off", ["Page one", "Donate", "Page two"], ["Alpha", "Bravo"]),
        ("-monthly_gifts", ["Page one", "Page two", "Donate"], ["Alpha", "Bravo"]),
    ],
)
def test_every_new_column_sorts(with_a_second_version, sort, pages, ctas):
    assert set(ORDERINGS) == set(FIGURE_SORTS)  # the database sorts them all
    report = build_report(
        with_a_second_version.period, sorts={"page": sort, "cta": sort}
    )

    # Pages sort in the database, calls to action in Python: the same order.
    assert [row.title for row in report.page_rows] == pages
    assert [row.label for row in report.cta_rows][:-1] == ctas


def test_the_tables_group_their_columns_for_a_fundraiser(
    fundraiser_client, with_a_second_version
):
    html = fundraiser_client.get(URL, {"period": "7"}).content.decode()

    tables = [
        re.search(rf'id="{section}".*?(<table .*?</table>)', html, re.S).group(1)
        for section in ("calls-to-action", "appeals", "versions", "placements", "pages")
    ]
    for table in tables:
        groups = re.findall(r'<th scope="colgroup" colspan="(\d)"[^>]*>([^<]+)<', table)
        assert groups == [
            ("3", "Donate buttons"),
            ("5", "Gifts"),
            ("4", "Money raised"),
        ]
        assert '<abbr title="Click-through rate: clicks per impression">CTR</abbr>' in (
            table
        )
        # Short headings under a group, whole ones for screen readers.
        assert '<span class="w-sr-only">Share of gifts with Gift Aid</span>' in table
    alpha = re.search(r">Alpha</a></th>(.*?)</tr>", tables[0], re.S).group(1)
    cells = re.findall(r'<td class="dr-num[^"]*">([^<]*)<', alpha)
    assert cells[:12] == [
        "400",
        "10",
        "2.50%",
        "3",
        "1",
        "30.00%",
        "0.75%",
        "66.67%",
        "£65",
        "£55",
        "£10",
        "£21.67",
    ]


def make_activity(home_page, ctas: int, pages: int) -> None:
    made_pages = [StandardPageFactory(parent=home_page) for _ in range(pages)]
    for number in range(ctas):
        cta = DonationCallToActionFactory(
            appeal=AppealFactory() if number % 2 else None
        )
        for page in made_pages:
            DonationClickFactory(
                call_to_action=cta, source_page=page, clicked_at=noon(2)
            )
            DonationImpressionFactory(
                call_to_action=cta, source_page=page, hour=noon(2), count=3
            )
            GiftFactory(call_to_action=cta, source_page=page, given_at=noon(2))
            GiftFactory(call_to_action=cta, source_page=page, given_at=today_so_far())
    GiftFactory(call_to_action=None, source=AttributionSource.NONE, placement="")
    roll_up([uk_today() - timedelta(days=2)])


def test_report_queries_do_not_grow_with_gifts(
    fundraiser_client, home_page, django_assert_max_num_queries
):
    make_activity(home_page, 2, 2)
    fundraiser_client.get(URL)  # session, permissions and site caches
    with django_assert_max_num_queries(30) as small:
        fundraiser_client.get(URL, {"period": "30"})
    budget = len(small.captured_queries)
    make_activity(home_page, 10, 8)
    fundraiser_client.get(URL)  # warm again: new calls to action cleared the caches

    with django_assert_max_num_queries(budget):
        response = fundraiser_client.get(URL, {"period": "30"})

    report = response.context["report"]
    assert report.total.gifts == 2 * (2 * 2 * 2 + 10 * 8 * 2) // 2 + 2
