from datetime import UTC, datetime, timedelta
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

import pytest

from pages import visitors

pytestmark = pytest.mark.django_db


def test_visitor_hash_changes_with_the_daily_salt_which_never_reaches_the_database():
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
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM donations_donationclick WHERE visitor_hash = %s",
            [salt],
        )
        assert cursor.fetchone()[0] == 0


def test_salt_expires_at_uk_midnight():
    now = datetime(2026, 6, 1, 22, 30, tzinfo=UTC)  # 23:30 in London (BST)

    assert visitors._seconds_to_midnight(now) == 30 * 60


def test_visitor_hash_survives_a_cache_outage(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="UA")

    with mock.patch.object(visitors.cache, "add", side_effect=ConnectionError):
        first = visitors.visitor_hash(request)
        second = visitors.visitor_hash(request)

    assert first == second


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


def test_rate_limit_counts_per_visitor_and_kind():
    allowed = [visitors.within_rate_limit("feedback", "a", 2, 3600) for _ in range(3)]

    assert allowed == [True, True, False]
    assert visitors.within_rate_limit("feedback", "b", 2, 3600)
    assert visitors.within_rate_limit("click", "a", 2, 3600)


def test_rate_limit_lets_everything_through_when_the_cache_is_down():
    with mock.patch.object(visitors.cache, "incr", side_effect=ConnectionError):
        assert all(visitors.within_rate_limit("click", "a", 1) for _ in range(3))
