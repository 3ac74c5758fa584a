import io
import json
import logging
from datetime import timedelta
from unittest import mock
from urllib.parse import parse_qs, urlsplit

from django.core import signing
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from django.test import RequestFactory
from django.utils import timezone

import pytest

from donations import views, visitors
from donations.links import SIGNING_SALT, ClickLink
from donations.models import DonationClick
from donations.payments.reference import Reference
from donations.recording import (
    SPOOL_REDIS_KEY,
    STORING_REDIS_KEY,
    Click,
    store_click,
)
from pages import visitors as page_visitors
from tests.utils import database_down

from .conftest import CHROME_UA, IPHONE_UA

pytestmark = pytest.mark.django_db


def link_for(cta, page, destination="/donate/?cta=spring", placement="body", **kw):
    return ClickLink(
        cta_id=cta.pk,
        placement=placement,
        page_id=page.pk,
        destination=destination,
        campaign=cta.slug,
        **kw,
    )


def follow(client, link_or_url, agent=CHROME_UA, ip="203.0.113.7", **extra):
    url = link_or_url if isinstance(link_or_url, str) else link_or_url.url()
    return client.get(url, HTTP_USER_AGENT=agent, REMOTE_ADDR=ip, **extra)


def test_click_is_recorded_and_redirected(client, cta, source_page):
    response = follow(client, link_for(cta, source_page), agent=IPHONE_UA)

    assert response.status_code == 302
    location, ref = response["Location"].split("&ref=")
    assert location == "/donate/?cta=spring"
    # The button's signed reference goes on with the visitor (see payments).
    reference = Reference.decode(ref)
    assert (reference.cta_id, reference.placement, reference.page_id) == (
        cta.pk,
        "body",
        source_page.pk,
    )
    assert "no-store" in response["Cache-Control"]
    click = DonationClick.objects.get()
    assert click.call_to_action == cta
    assert click.source_page_id == source_page.pk
    assert (click.placement, click.variant) == ("body", "control")
    assert click.device_class == "mobile"
    assert not click.is_bot and not click.is_duplicate
    assert abs(click.clicked_at - timezone.now()) < timedelta(seconds=5)


def test_external_destination_gets_utm_parameters(client, cta, source_page):
    link = link_for(
        cta, source_page, "https://donate.example.org/give?fund=ms", placement="foot"
    )

    response = follow(client, link)

    location = urlsplit(response["Location"])
    assert location.netloc == "donate.example.org"
    query = parse_qs(location.query)
    assert Reference.decode(query.pop("ref")[0]).placement == "foot"
    assert query == {
        "fund": ["ms"],
        "utm_source": ["testserver"],
        "utm_medium": ["donate-button"],
        "utm_campaign": ["spring"],
        "utm_content": ["foot"],
    }


def test_utm_tags_an_editor_set_are_kept(client, cta, source_page):
    link = link_for(cta, source_page, "https://donate.example.org/?utm_campaign=x")

    location = follow(client, link)["Location"]

    assert parse_qs(urlsplit(location).query)["utm_campaign"] == ["x"]


def test_variant_travels_in_the_link(client, cta, source_page):
    follow(client, link_for(cta, source_page, variant="b-shorter"))

    assert DonationClick.objects.get().variant == "b-shorter"


def test_nothing_personal_is_stored(client, cta, source_page):
    follow(client, link_for(cta, source_page), ip="198.51.100.23")

    row = DonationClick.objects.values().get()
    stored = " ".join(str(value) for value in row.values())
    assert "198.51.100.23" not in stored
    assert "Chrome" not in stored and "Windows" not in stored
    assert len(row["visitor_hash"]) == 32
    assert not client.cookies


@pytest.mark.usefixtures("steady_clock")
def test_second_click_within_30_minutes_is_a_duplicate(client, cta, source_page):
    link = link_for(cta, source_page)
    follow(client, link)
    follow(client, link_for(cta, source_page, placement="foot"))
    follow(client, link, ip="203.0.113.99")  # someone else

    flags = list(
        DonationClick.objects.order_by("pk").values_list("is_duplicate", flat=True)
    )
    assert flags == [False, True, False]


def test_click_after_30_minutes_counts_again(cta, source_page):
    start = timezone.now()
    base = {
        "cta_id": cta.pk,
        "variant": "control",
        "placement": "body",
        "page_id": source_page.pk,
        "device_class": "desktop",
        "is_bot": False,
        "visitor_hash": "a" * 32,
    }

    store_click(Click(clicked_at=start, **base))
    store_click(Click(clicked_at=start + timedelta(minutes=29), **base))
    store_click(Click(clicked_at=start + timedelta(minutes=60), **base))

    flags = DonationClick.objects.order_by("clicked_at").values_list(
        "is_duplicate", flat=True
    )
    assert list(flags) == [False, True, False]


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/124.0.0.0 Safari/537.36",
        "curl/8.5.0",
        "python-requests/2.31.0",
        "facebookexternalhit/1.1",
        "",
    ],
)
def test_bots_are_recorded_and_flagged(agent, client, cta, source_page):
    response = follow(client, link_for(cta, source_page), agent=agent)

    assert response.status_code == 302
    assert DonationClick.objects.get().is_bot


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (CHROME_UA, "desktop"),
        (IPHONE_UA, "mobile"),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "tablet",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, "
            "like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "tablet",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, "
            "like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
            "mobile",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.4 Safari/605.1.15",
            "desktop",
        ),
        ("SmartTV-Thing/1.0", "other"),
    ],
)
def test_device_class_comes_from_the_user_agent(agent, device):
    assert visitors.device_class(agent) == device


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        signing.dumps({"c": 1}, salt="another-salt"),
        signing.dumps(
            {"c": 1, "p": "body", "s": 1, "d": "/donate/", "u": "x"}, key="k"
        ),
    ],
    ids=["garbage", "wrong-salt", "forged-with-another-key"],
)
def test_unsigned_or_forged_links_get_a_helpful_404(token, client, cta):
    response = client.get(f"/donations/go/{token}/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "This donate link is not working" in html
    assert 'href="/donate/"' in html
    assert not DonationClick.objects.exists()


def test_tampered_link_gets_a_404(client, cta, source_page):
    token = link_for(cta, source_page).token()
    payload, signature = token.rsplit(":", 1)
    tampered = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]

    assert client.get(f"/donations/go/{tampered}:{signature}/").status_code == 404
    assert not DonationClick.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"c": "1", "p": "body", "s": 1, "d": "/donate/", "u": "x"},
        {"c": 1, "p": "sidebar", "s": 1, "d": "/donate/", "u": "x"},
        {"c": 1, "p": "body", "s": 1, "d": "", "u": "x"},
        {"c": 1, "p": "body", "s": 1, "d": "/donate/", "u": "Not A Slug"},
        {"c": 1, "p": "body", "s": 1, "d": "/donate/", "u": "x", "v": ["a"]},
        ["a", "list"],
    ],
)
def test_well_signed_but_malformed_payloads_get_a_404(payload, client, cta):
    token = signing.dumps(payload, salt=SIGNING_SALT, compress=True)

    assert client.get(f"/donations/go/{token}/").status_code == 404


def test_a_button_gives_the_same_link_every_time():
    link = ClickLink(7, "body", 3, "/donate/", "spring")

    assert link.token() == link.token() == ClickLink.from_token(link.token()).token()


def test_links_from_before_tokens_lost_their_timestamp_still_work(
    client, cta, source_page
):
    payload = {"c": cta.pk, "p": "body", "s": source_page.pk, "d": "/donate/"}
    token = signing.dumps({**payload, "u": cta.slug}, salt=SIGNING_SALT, compress=True)

    response = follow(client, f"/donations/go/{token}/")

    assert response.status_code == 302
    assert DonationClick.objects.get().call_to_action == cta


@pytest.mark.parametrize(
    "destination",
    [
        "https://evil.example/phish",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http://donate.example.org/",
    ],
)
def test_signed_links_off_the_allow_list_go_to_the_donate_page(
    destination, client, cta, source_page
):
    # For example a host removed from DONATION_ALLOWED_HOSTS after pages were cached.
    response = follow(client, link_for(cta, source_page, destination))

    assert response.status_code == 302
    assert response["Location"] == "/donate/"


def test_expired_call_to_action_goes_to_the_donate_page(client, cta, source_page):
    link = link_for(cta, source_page, "https://donate.example.org/old-appeal")
    cta.active_until = timezone.now() - timedelta(minutes=1)
    cta.save()

    response = follow(client, link)

    assert response["Location"] == "/donate/"
    assert DonationClick.objects.count() == 1  # the click on a cached page still counts


def test_unpublished_or_deleted_call_to_action_goes_to_the_donate_page(
    client, cta, source_page
):
    link = link_for(cta, source_page, "https://donate.example.org/old-appeal")
    cta.unpublish()
    assert follow(client, link)["Location"] == "/donate/"

    cta.delete()
    assert follow(client, link, ip="192.0.2.1")["Location"] == "/donate/"
    assert DonationClick.objects.filter(call_to_action_id=link.cta_id).count() == 2


def test_head_requests_are_redirected_but_not_counted(client, cta, source_page):
    response = client.head(link_for(cta, source_page).url())

    assert response.status_code == 302
    assert not DonationClick.objects.exists()


def test_database_down_still_redirects_and_spools_the_click(
    client, cta, source_page, settings, caplog
):
    link = link_for(cta, source_page, "https://donate.example.org/give")

    with database_down(), caplog.at_level(logging.ERROR, logger="donations"):
        response = follow(client, link)

    assert response.status_code == 302
    assert response["Location"].startswith("https://donate.example.org/give?utm_")
    assert "Could not store a donate click" in caplog.text
    [line] = settings.DONATION_SPOOL_FILE.read_text().splitlines()
    spooled = json.loads(line)
    assert spooled["cta_id"] == cta.pk and spooled["placement"] == "body"
    assert not DonationClick.objects.exists()


def test_database_down_with_a_bad_link_still_gets_the_404():
    # Called directly: Wagtail's RedirectMiddleware looks up every 404 in the
    # database, which is the foundation's concern (see the README).
    request = RequestFactory().get("/donations/go/nonsense/")

    with database_down():
        response = views.click(request, "nonsense")

    assert response.status_code == 404
    assert 'href="/donate/"' in response.content.decode()


@pytest.mark.parametrize("error", [IntegrityError("duplicate key"), ValueError])
def test_any_failure_while_recording_still_redirects(
    error, client, cta, source_page, settings, caplog
):
    with mock.patch("donations.recording.store_click", side_effect=error):
        response = follow(client, link_for(cta, source_page))

    assert response.status_code == 302
    assert "Could not store a donate click" in caplog.text
    assert settings.DONATION_SPOOL_FILE.exists()


def test_replay_stores_spooled_clicks_exactly_once(client, cta, source_page, settings):
    link = link_for(cta, source_page)
    with database_down():
        follow(client, link)
        follow(client, link)
    settings.DONATION_SPOOL_FILE.write_text(
        settings.DONATION_SPOOL_FILE.read_text() + "this is not json\n"
    )
    kept = settings.DONATION_SPOOL_FILE.read_text().splitlines()[0]

    call_command("replay_donation_clicks", stdout=open("/dev/null", "w"))

    assert list(
        DonationClick.objects.order_by("clicked_at").values_list(
            "is_duplicate", flat=True
        )
    ) == [False, True]
    assert not settings.DONATION_SPOOL_FILE.exists()
    assert settings.DONATION_SPOOL_FILE.with_suffix(".rejected").exists()

    # A crash after storing but before clearing the spool must not double-count.
    settings.DONATION_SPOOL_FILE.write_text(kept + "\n")
    call_command("replay_donation_clicks", stdout=open("/dev/null", "w"))
    assert DonationClick.objects.count() == 2


def test_replay_with_the_database_still_down_keeps_the_spool(
    client, cta, source_page, settings
):
    with database_down():
        follow(client, link_for(cta, source_page))
        with pytest.raises(Exception, match="still failing"):
            call_command("replay_donation_clicks", stdout=open("/dev/null", "w"))

    assert len(settings.DONATION_SPOOL_FILE.read_text().splitlines()) == 1


@pytest.mark.usefixtures("steady_clock")
def test_rate_limited_clicks_still_redirect_and_are_only_counted(
    client, cta, source_page, settings
):
    settings.DONATION_CLICK_RATE_LIMIT = 3
    link = link_for(cta, source_page)

    responses = [follow(client, link) for _ in range(5)]

    assert [r.status_code for r in responses] == [302] * 5
    assert DonationClick.objects.count() == 3
    assert visitors.refused_count("click", visitors.uk_today()) == 2
    # Another visitor is not affected.
    follow(client, link, ip="192.0.2.50")
    assert DonationClick.objects.count() == 4


@pytest.mark.usefixtures("steady_clock")
@pytest.mark.parametrize("cache_state", ["redis_up", "redis_down"])
def test_one_address_rotating_user_agents_is_limited_with_or_without_redis(
    cache_state, request, client, cta, source_page
):
    request.getfixturevalue(cache_state)  # DONATION_CLICK_RATE_LIMIT: 20
    link = link_for(cta, source_page)

    responses = [follow(client, link, agent=f"{CHROME_UA} {n}") for n in range(30)]
    replay()  # with Redis, clicks wait in its queue for the writer

    assert [r.status_code for r in responses] == [302] * 30
    assert DonationClick.objects.count() == 20


@pytest.mark.usefixtures("steady_clock")
def test_with_redis_down_two_workers_agree_on_the_visitor(
    redis_down, client, cta, source_page
):
    link = link_for(cta, source_page)
    follow(client, link)
    # The second worker remembers nothing the first one did.
    page_visitors.cache_health.down_until = 0.0
    page_visitors.process_counter.__init__()
    follow(client, link)

    assert list(
        DonationClick.objects.order_by("pk").values_list("is_duplicate", flat=True)
    ) == [False, True]
    assert DonationClick.objects.values("visitor_hash").distinct().count() == 1


def replay() -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("replay_donation_clicks", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_replay_with_redis_down_stores_the_file_spool_and_says_so(
    redis_down, client, cta, source_page, settings
):
    with database_down():
        follow(client, link_for(cta, source_page))
    assert len(settings.DONATION_SPOOL_FILE.read_text().splitlines()) == 1

    said = replay()

    assert DonationClick.objects.count() == 1
    assert "Redis spool: unreachable." in said
    assert "1 stored, 0 already stored, 0 unreadable, 0 kept" in said
    assert "Redis is unreachable" in said


def test_replay_with_redis_up_stores_both_spools(
    redis_up, client, cta, source_page, settings
):
    with database_down():
        follow(client, link_for(cta, source_page))  # to Redis
        follow(client, link_for(cta, source_page, placement="foot"))
    assert redis_up.llen(SPOOL_REDIS_KEY) == 2
    # A click spooled to the file earlier, while Redis was down.
    spooled_earlier = Click(
        cta_id=cta.pk,
        variant="control",
        placement="home",
        page_id=source_page.pk,
        device_class="desktop",
        is_bot=False,
        visitor_hash="b" * 32,
    )
    settings.DONATION_SPOOL_FILE.parent.mkdir(parents=True, exist_ok=True)
    settings.DONATION_SPOOL_FILE.write_text(spooled_earlier.to_json() + "\n")

    said = replay()

    assert DonationClick.objects.count() == 3
    assert redis_up.llen(SPOOL_REDIS_KEY) == 0
    assert "Redis spool: 2 stored" in said
    assert "clicks.jsonl: 1 stored" in said
    assert "Stored 3 spooled clicks" in said
    assert replay().count("empty.") == 2


def test_replay_with_redis_up_and_the_database_down_keeps_every_click(
    redis_up, client, cta, source_page
):
    with database_down():
        follow(client, link_for(cta, source_page))
        with pytest.raises(CommandError, match="still failing; 1 clicks are kept"):
            replay()

    assert redis_up.llen(SPOOL_REDIS_KEY) == 1


def test_with_redis_a_click_waits_in_its_queue_until_the_writer_stores_it(
    redis_up, client, cta, source_page, django_assert_num_queries
):
    follow(client, link_for(cta, source_page))  # reads the prompts' states once
    with django_assert_num_queries(0):
        response = follow(client, link_for(cta, source_page, placement="foot"))

    assert response.status_code == 302
    assert redis_up.llen(SPOOL_REDIS_KEY) == 2
    assert not DonationClick.objects.exists()
    assert "Redis spool: 2 stored" in replay()
    assert set(DonationClick.objects.values_list("placement", flat=True)) == {
        "body",
        "foot",
    }
    assert redis_up.llen(SPOOL_REDIS_KEY) == 0


def test_clicks_a_dead_writer_had_taken_are_stored_by_the_next(
    redis_up, client, cta, source_page
):
    follow(client, link_for(cta, source_page))
    follow(client, link_for(cta, source_page, placement="foot"))
    # A writer took one and died before storing it.
    redis_up.lmove(SPOOL_REDIS_KEY, STORING_REDIS_KEY, "LEFT", "RIGHT")

    replay()

    assert DonationClick.objects.count() == 2
    assert redis_up.llen(STORING_REDIS_KEY) == 0


def test_without_the_queue_clicks_are_stored_at_once_even_with_redis(
    redis_up, client, cta, source_page, settings
):
    settings.DONATION_CLICK_QUEUE = False

    follow(client, link_for(cta, source_page))

    assert DonationClick.objects.count() == 1
    assert redis_up.llen(SPOOL_REDIS_KEY) == 0
