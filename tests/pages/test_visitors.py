from datetime import UTC, datetime, timedelta
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

import pytest
import time_machine

from pages import visitors

pytestmark = pytest.mark.django_db

# A fixed moment, so the day's salt is the same day's on any date.
AFTERNOON = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)


@time_machine.travel(AFTERNOON, tick=False)
def test_visitor_hash_changes_with_the_daily_salt_which_never_reaches_the_database(
    redis_up,
):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="UA")
    today = timezone.now()
    tomorrow = today + timedelta(days=1)

    assert visitors.visitor_hash(request, today) == visitors.visitor_hash(
        request, today
    )
    assert visitors.visitor_hash(request, today) != visitors.visitor_hash(
        request, tomorrow
    )
    salt = cache.get(f"visitors:salt:{visitors.uk_today(today).isoformat()}")
    assert len(salt) == 64
    # Random while Redis holds it, not the one derived from the secret key.
    assert salt != visitors.derived_salt(visitors.uk_today(today))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM donations_donationclick WHERE visitor_hash = %s",
            [salt],
        )
        assert cursor.fetchone()[0] == 0


@time_machine.travel(AFTERNOON, tick=False)
def test_without_redis_every_process_derives_the_same_salt_for_the_day(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="UA")
    today = timezone.now()

    first_worker = visitors.visitor_hash(request, today)
    # Another worker: an in-process cache of its own, which holds nothing.
    cache.clear()
    assert visitors.visitor_hash(request, today) == first_worker
    assert visitors.daily_salt(today) == visitors.derived_salt(visitors.uk_today(today))
    assert visitors.visitor_hash(request, today + timedelta(days=1)) != first_worker
    settings.SECRET_KEY = "another site's key, another salt"
    assert visitors.visitor_hash(request, today) != first_worker


@time_machine.travel(AFTERNOON, tick=False)
def test_with_redis_down_the_salt_is_derived_and_redis_is_left_alone(redis_down):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="UA")
    today = timezone.now()

    with mock.patch.object(visitors.cache, "get", wraps=visitors.cache.get) as get:
        hashes = {visitors.visitor_hash(request, today) for _ in range(5)}

    assert visitors.daily_salt(today) == visitors.derived_salt(visitors.uk_today(today))
    assert len(hashes) == 1
    # Tried once, then left alone for a while: no request waits on a dead cache.
    assert get.call_count == 1


def test_salt_expires_at_uk_midnight():
    now = datetime(2026, 6, 1, 22, 30, tzinfo=UTC)  # 23:30 in London (BST)

    assert visitors._seconds_to_midnight(now) == 30 * 60


def test_uk_today_follows_uk_midnight_whatever_it_was_asked_before():
    # In turn, so each moment comes after another day was worked out.
    moments = [
        # Summer time: the UK day starts at 23:00 UTC.
        (datetime(2026, 7, 1, 22, 59, 59, tzinfo=UTC), "2026-07-01"),
        (datetime(2026, 7, 1, 23, 0, tzinfo=UTC), "2026-07-02"),
        (datetime(2026, 7, 1, 22, 59, 59, tzinfo=UTC), "2026-07-01"),
        # The clocks go back on 25 October: a 25-hour day, then GMT.
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), "2026-10-25"),
        (datetime(2026, 10, 25, 23, 59, 59, tzinfo=UTC), "2026-10-25"),
        (datetime(2026, 10, 26, 0, 0, tzinfo=UTC), "2026-10-26"),
        (datetime(2026, 10, 24, 22, 59, 59, tzinfo=UTC), "2026-10-24"),
    ]

    assert [visitors.uk_today(moment).isoformat() for moment, _ in moments] == [
        day for _, day in moments
    ]


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.2"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the first entry is forgeable
        (2, "198.51.100.1", "10.0.0.2"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(
    count, forwarded, expected, settings
):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded
    )

    assert visitors.client_ip(request) == expected


@pytest.mark.usefixtures("steady_clock")
def test_rate_limit_counts_per_visitor_and_kind():
    allowed = [visitors.within_rate_limit("feedback", "a", 2, 3600) for _ in range(3)]

    assert allowed == [True, True, False]
    assert visitors.within_rate_limit("feedback", "b", 2, 3600)
    assert visitors.within_rate_limit("click", "a", 2, 3600)


@pytest.mark.usefixtures("steady_clock")
@pytest.mark.parametrize("cache_state", ["in-process", "redis_up", "redis_down"])
def test_rate_limit_holds_whatever_the_cache(cache_state, request):
    if cache_state != "in-process":
        request.getfixturevalue(cache_state)

    allowed = [visitors.within_rate_limit("click", "a", 3) for _ in range(5)]

    assert allowed == [True, True, True, False, False]
    assert visitors.within_rate_limit("click", "b", 3)


@pytest.mark.usefixtures("steady_clock")
def test_with_redis_down_each_process_keeps_its_own_count(redis_down):
    assert [visitors.within_rate_limit("feedback", "a", 1) for _ in range(2)] == [
        True,
        False,
    ]
    assert visitors.process_counter.counts  # counted here, not in Redis


@pytest.mark.usefixtures("steady_clock")
def test_rate_limit_counts_again_in_redis_once_it_is_back(redis_up):
    visitors.cache_health.failed("a test")
    visitors.within_rate_limit("click", "a", 5)
    assert visitors.process_counter.counts

    visitors.cache_health.down_until = 0.0
    visitors.within_rate_limit("click", "a", 5)
    assert any(key.startswith("visitors:rate:click") for key in cache.keys("*"))


def _request(ip="203.0.113.7", agent="UA", **meta):
    return RequestFactory().get("/", REMOTE_ADDR=ip, HTTP_USER_AGENT=agent, **meta)


@pytest.mark.usefixtures("steady_clock")
def test_rate_limits_key_on_the_address_not_the_user_agent():
    keys = {visitors.network_key(_request(agent=f"Browser {n}")) for n in range(15)}

    assert len(keys) == 1
    assert visitors.network_key(_request(ip="198.51.100.9")) not in keys
    # Duplicate clicks still tell two browsers on one address apart.
    assert visitors.visitor_hash(_request(agent="A")) != visitors.visitor_hash(
        _request(agent="B")
    )


@pytest.mark.usefixtures("steady_clock")
def test_rate_limits_key_on_the_address_the_trusted_proxy_reports(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def behind_proxy(forwarded):
        return visitors.network_key(
            _request(ip="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
        )

    real = behind_proxy("198.51.100.1")
    # Whatever a visitor puts before the proxy's own entry is ignored.
    assert behind_proxy("6.6.6.6, 198.51.100.1") == real
    assert behind_proxy("7.7.7.7, 198.51.100.1") == real
    assert behind_proxy("198.51.100.2") != real


def test_ipv6_hosts_count_by_their_64_network():
    one = visitors.network(_request(ip="2001:db8:1:2::1"))

    assert (
        one
        == visitors.network(_request(ip="2001:db8:1:2:ffff::9"))
        == ("2001:db8:1:2::/64")
    )
    assert one != visitors.network(_request(ip="2001:db8:1:3::1"))
    assert visitors.network(_request(ip="::ffff:203.0.113.7")) == "203.0.113.7"
    assert visitors.network(_request(ip="not an address")) == "not an address"
