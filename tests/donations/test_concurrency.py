"""Parallel requests against a live server on PostgreSQL: nothing lost, nothing
counted twice."""

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta

from django.db import connection

import pytest
import requests

from donations.insights.rollup import roll_up, uk_day_bounds, uk_today
from donations.links import ClickLink
from donations.models import (
    DonationClick,
    DonationDailyStat,
    DonationImpression,
    DonationRollupDay,
)
from tests.factories.donations import DonatePageFactory, DonationCallToActionFactory
from tests.factories.pages import StandardPageFactory

from .conftest import CHROME_UA

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PARALLEL = 8


def in_parallel(send) -> list:
    barrier = threading.Barrier(PARALLEL)

    def one(number):
        barrier.wait()
        return send(number)

    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(one, range(PARALLEL)))


@pytest.fixture
def link(home_page) -> ClickLink:
    DonatePageFactory(parent=home_page)
    cta = DonationCallToActionFactory()
    page = StandardPageFactory(parent=home_page)
    return ClickLink(cta.pk, "body", page.pk, "/donate/", cta.slug)


def test_simultaneous_clicks_by_one_visitor_give_exactly_one_counted_row(
    live_server, link
):
    def click(_):
        return requests.get(
            live_server.url + link.url(),
            headers={"User-Agent": CHROME_UA},
            allow_redirects=False,
            timeout=30,
        ).status_code

    assert in_parallel(click) == [302] * PARALLEL
    flags = list(DonationClick.objects.values_list("is_duplicate", flat=True))
    assert len(flags) == PARALLEL
    assert flags.count(False) == 1


def test_simultaneous_clicks_by_different_visitors_all_count(live_server, link):
    def click(number):
        return requests.get(
            live_server.url + link.url(),
            headers={"User-Agent": f"{CHROME_UA} visitor/{number}"},
            allow_redirects=False,
            timeout=30,
        ).status_code

    assert in_parallel(click) == [302] * PARALLEL
    assert DonationClick.objects.filter(is_duplicate=False).count() == PARALLEL


def test_simultaneous_beacons_are_all_added_up(live_server, link):
    other = ClickLink(link.cta_id, "foot", link.page_id, "/donate/", link.campaign)

    def send(number):
        return requests.post(
            live_server.url + "/donations/seen/",
            data={"t": [link.token(), other.token()]},
            headers={"User-Agent": f"{CHROME_UA} visitor/{number}"},
            timeout=30,
        ).status_code

    assert in_parallel(send) == [204] * PARALLEL
    counts = dict(DonationImpression.objects.values_list("placement", "count"))
    assert counts == {"body": PARALLEL, "foot": PARALLEL}


def test_simultaneous_beacons_for_ab_test_versions_are_all_added_up(live_server, link):
    control = replace(link, ab_test=7, assigned=True)
    variant = replace(link, variant="vabc", ab_test=7, assigned=True)

    def send(number):
        return requests.post(
            live_server.url + "/donations/seen/",
            data={"t": [control.token() if number % 2 else variant.token()]},
            headers={"User-Agent": f"{CHROME_UA} visitor/{number}"},
            timeout=30,
        ).status_code

    assert in_parallel(send) == [204] * PARALLEL
    counts = dict(
        DonationImpression.objects.filter(ab_test=7, assigned=True).values_list(
            "variant", "count"
        )
    )
    assert counts == {"control": PARALLEL // 2, "vabc": PARALLEL // 2}


def test_simultaneous_rollups_of_the_same_days_agree(link):
    # Cron and a person re-running a range can overlap: the advisory lock and
    # the upsert keep one correct row per bucket.
    days = [uk_today() - timedelta(days=n) for n in (1, 2, 3)]
    for number, day in enumerate(days):
        start, _ = uk_day_bounds(day)
        for minute in range(number + 2):
            DonationClick.objects.create(
                call_to_action_id=link.cta_id,
                placement="body",
                source_page_id=link.page_id,
                device_class="desktop",
                visitor_hash=f"{number}-{minute}",
                clicked_at=start + timedelta(hours=10, minutes=minute),
            )

    def roll(_):
        try:
            return roll_up(days).days
        finally:
            connection.close()

    assert in_parallel(roll) == [days[::-1]] * PARALLEL
    assert sorted(DonationDailyStat.objects.values_list("day", "clicks")) == [
        (days[2], 4),
        (days[1], 3),
        (days[0], 2),
    ]
    assert DonationRollupDay.objects.count() == 3
