"""Donate clicks answered early, by DonateClickMiddleware (donations.clicks):
the same answers as the click view gave, at a fraction of the cost."""

import json
from datetime import timedelta
from unittest import mock

from django.utils import timezone

import pytest
from redis.client import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from donations import clicks, visitors
from donations.models import DonationClick
from donations.recording import SPOOL_REDIS_KEY, replay_spool
from pages import redis_calls
from tests.utils import database_down

from .conftest import CHROME_UA
from .test_click_tracking import follow, link_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_commands():
    """Every command sent to Redis, by name, by redis-py's client or directly
    (pages.redis_calls)."""
    sent = []
    execute, call = Redis.execute_command, redis_calls.call

    def record(self, *args, **options):
        sent.append(args[0])
        return execute(self, *args, **options)

    def record_call(connection, *command):
        sent.append(command[0])
        return call(connection, *command)

    with (
        mock.patch.object(Redis, "execute_command", record),
        mock.patch.object(redis_calls, "call", record_call),
    ):
        yield sent


def test_a_click_is_one_redis_round_trip_and_no_query(
    redis_up, client, cta, source_page, redis_commands, django_assert_num_queries
):
    link = link_for(cta, source_page, "https://donate.example.org/give")
    follow(client, link)  # reads the salt and the prompts' states once
    redis_commands.clear()

    with django_assert_num_queries(0):
        response = follow(client, link, ip="192.0.2.9")

    assert response.status_code == 302
    assert response["Location"].startswith("https://donate.example.org/give?utm_")
    assert redis_commands == ["EVALSHA"]
    assert redis_up.llen(SPOOL_REDIS_KEY) == 2
    # Answered before sessions and CSRF: nothing varies on a cookie.
    assert "Vary" not in response and not response.cookies


def test_queued_clicks_are_stored_with_the_visitor_flags(
    redis_up, client, cta, source_page
):
    link = link_for(cta, source_page)
    follow(client, link)
    follow(client, link)  # the same visitor again: a duplicate
    follow(client, link, agent="curl/8.5.0", ip="192.0.2.77")

    assert replay_spool().stored == 3

    rows = DonationClick.objects.order_by("pk")
    assert [(r.is_duplicate, r.is_bot) for r in rows] == [
        (False, False),
        (True, False),
        (False, True),
    ]
    assert rows[0].visitor_hash == rows[1].visitor_hash != rows[2].visitor_hash
    assert rows[0].device_class == "desktop"


@pytest.mark.usefixtures("steady_clock")
def test_the_rate_limit_is_counted_in_the_same_round_trip(
    redis_up, client, cta, source_page, settings
):
    settings.DONATION_CLICK_RATE_LIMIT = 2
    link = link_for(cta, source_page)

    responses = [follow(client, link, agent=f"{CHROME_UA} {n}") for n in range(5)]

    assert [r.status_code for r in responses] == [302] * 5
    assert redis_up.llen(SPOOL_REDIS_KEY) == 2
    assert visitors.refused_count("click", visitors.uk_today()) == 3
    # Counted per address as the proxy reports it, not per user agent.
    follow(client, link, ip="192.0.2.50")
    assert redis_up.llen(SPOOL_REDIS_KEY) == 3


def test_the_trusted_proxy_address_is_the_one_limited(
    redis_up, client, cta, source_page, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.DONATION_CLICK_RATE_LIMIT = 1
    link = link_for(cta, source_page)

    for forged in ("1.1.1.1", "2.2.2.2"):
        follow(client, link, HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.4")

    assert redis_up.llen(SPOOL_REDIS_KEY) == 1
    assert visitors.refused_count("click", visitors.uk_today()) == 1


@pytest.mark.parametrize("cache_state", ["redis_up", None])
@pytest.mark.parametrize("token", ["nonsense", "x" * 3000, "a%3Ab%3Ac"])
def test_tampered_links_still_get_the_helpful_404(
    cache_state, token, request, client, cta
):
    if cache_state:
        request.getfixturevalue(cache_state)

    response = client.get(f"/donations/go/{token}/", HTTP_USER_AGENT=CHROME_UA)

    assert response.status_code == 404
    assert b"/donate/" in response.content


def test_a_forged_host_is_refused_not_redirected(redis_up, client, cta, source_page):
    response = follow(client, link_for(cta, source_page), HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert redis_up.llen(SPOOL_REDIS_KEY) == 0


def test_posts_to_a_click_link_are_still_refused(client, cta, source_page):
    response = client.post(link_for(cta, source_page).url())

    assert response.status_code in (400, 403, 405)  # never a click
    assert not DonationClick.objects.exists()


def test_the_early_answer_keeps_every_security_header(
    redis_up, client, cta, source_page, settings
):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    url = link_for(cta, source_page).url()

    plain = client.get(url, HTTP_USER_AGENT=CHROME_UA)
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    assert redis_up.llen(SPOOL_REDIS_KEY) == 0

    response = client.get(url, HTTP_USER_AGENT=CHROME_UA, secure=True)
    assert response.status_code == 302
    assert response["Strict-Transport-Security"].startswith("max-age=3600")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and response["Expires"]


def test_an_unpublished_prompt_is_noticed_by_a_process_that_remembered_it(
    redis_up, client, cta, source_page
):
    link = link_for(cta, source_page, "https://donate.example.org/old-appeal")
    assert follow(client, link)["Location"].startswith("https://donate.example.org")

    cta.unpublish()

    assert follow(client, link, ip="192.0.2.1")["Location"] == "/donate/"
    assert redis_up.llen(SPOOL_REDIS_KEY) == 2


def test_an_expired_prompt_goes_to_the_donate_page_from_memory(
    redis_up, client, cta, source_page, time_machine
):
    cta.active_until = timezone.now() + timedelta(minutes=5)
    cta.save()
    link = link_for(cta, source_page, "https://donate.example.org/old-appeal")
    assert follow(client, link)["Location"].startswith("https://donate.example.org")

    time_machine.move_to(timezone.now() + timedelta(minutes=10))

    assert follow(client, link, ip="192.0.2.1")["Location"] == "/donate/"


def test_with_redis_down_clicks_are_limited_per_process_and_stored(
    redis_down, client, cta, source_page, settings
):
    settings.DONATION_CLICK_RATE_LIMIT = 2
    link = link_for(cta, source_page)

    responses = [follow(client, link, agent=f"{CHROME_UA} {n}") for n in range(4)]

    assert [r.status_code for r in responses] == [302] * 4
    assert DonationClick.objects.count() == 2


def test_with_redis_and_the_database_down_clicks_go_to_the_file_spool(
    redis_down, client, cta, source_page, settings
):
    link = link_for(cta, source_page, "https://donate.example.org/give")

    with database_down():
        response = follow(client, link)

    assert response.status_code == 302
    assert response["Location"].startswith("https://donate.example.org/give?")
    [line] = settings.DONATION_SPOOL_FILE.read_text().splitlines()
    assert json.loads(line)["cta_id"] == cta.pk


def test_redis_failing_mid_click_still_keeps_the_click(
    redis_up, client, cta, source_page, settings
):
    link = link_for(cta, source_page)
    follow(client, link)

    with (
        mock.patch.object(Redis, "execute_command", side_effect=RedisConnectionError),
        mock.patch.object(redis_calls, "call", side_effect=RedisConnectionError),
    ):
        response = follow(client, link, ip="192.0.2.3")

    assert response.status_code == 302
    # Stored at once, since Redis could take neither it nor the count.
    assert DonationClick.objects.count() == 1
    assert redis_up.llen(SPOOL_REDIS_KEY) == 1


def test_a_click_redis_took_but_did_not_confirm_is_stored_once(
    redis_up, client, cta, source_page
):
    original = clicks._run_click_script

    def lost_answer(*args, **kwargs):
        original(*args, **kwargs)
        raise RedisConnectionError("reply lost")

    with mock.patch.object(clicks, "_run_click_script", lost_answer):
        assert follow(client, link_for(cta, source_page)).status_code == 302

    # Queued by the script, and again (or stored) by the one-by-one fallback.
    replay_spool()
    assert DonationClick.objects.count() == 1


def test_a_click_reaches_a_redis_that_has_not_seen_the_script(
    redis_up, client, cta, source_page, redis_commands
):
    redis_up.script_flush()  # as after Redis restarts

    assert follow(client, link_for(cta, source_page)).status_code == 302

    tried = redis_commands.index("EVALSHA")
    assert redis_commands[tried : tried + 2] == ["EVALSHA", "EVAL"]
    assert redis_up.llen(SPOOL_REDIS_KEY) == 1
