import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from django.core import signing

import pytest
import time_machine

from donations import visitors
from donations.choices import Destination
from donations.links import (
    BEACON_MAX_BYTES,
    BEACON_MAX_TOKENS,
    SIGNING_SALT,
    ClickLink,
)
from donations.models import DonationImpression
from donations.recording import ImpressionKey, _add_impressions_simply, add_impressions
from donations.rendering import render_call_to_action
from tests.factories.donations import DonationCallToActionFactory, with_variants
from tests.factories.pages import (
    ArticlePageFactory,
    StandardPageFactory,
    TopicIndexPageFactory,
)
from tests.utils import database_down

from .conftest import CHROME_UA

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded;charset=UTF-8"
# A tenth of a second before the hour turns: tests that read the hour bucket
# run with the clock stopped here, so the request and the check agree.
LAST_MOMENT_OF_AN_HOUR = datetime(2026, 5, 12, 9, 59, 59, 900_000, tzinfo=UTC)


@pytest.fixture
def tokens(donate_page, home_page):
    page = StandardPageFactory(parent=home_page)
    first, second = DonationCallToActionFactory.create_batch(2)
    return [
        ClickLink(first.pk, "body", page.pk, "/donate/", first.slug).token(),
        ClickLink(first.pk, "foot", page.pk, "/donate/", first.slug).token(),
        ClickLink(second.pk, "foot", page.pk, "/donate/", second.slug, "b").token(),
    ]


def beacon(client, body, content_type=FORM, agent=CHROME_UA, **headers):
    if isinstance(body, list):
        body = urlencode([("t", token) for token in body])
    return client.generic(
        "POST",
        "/donations/seen/",
        body,
        content_type=content_type,
        HTTP_USER_AGENT=agent,
        **headers,
    )


def buckets() -> set[tuple]:
    return set(
        DonationImpression.objects.values_list(
            "call_to_action_id", "variant", "placement", "count"
        )
    )


@time_machine.travel(LAST_MOMENT_OF_AN_HOUR, tick=False)
def test_beacon_counts_each_button_in_its_hourly_bucket(client, tokens):
    response = beacon(client, tokens)

    assert response.status_code == 204
    links = [ClickLink.from_token(t) for t in tokens]
    assert buckets() == {
        (links[0].cta_id, "control", "body", 1),
        (links[1].cta_id, "control", "foot", 1),
        (links[2].cta_id, "b", "foot", 1),
    }
    hour = DonationImpression.objects.values_list("hour", flat=True).first()
    assert hour == datetime(2026, 5, 12, 9, tzinfo=UTC)
    assert not response.cookies


def test_more_beacons_add_to_the_same_rows(client, tokens):
    beacon(client, tokens[:1])
    beacon(client, tokens[:1], REMOTE_ADDR="192.0.2.9")
    beacon(client, tokens[:1] * 2)  # the same button twice in one beacon counts once

    assert DonationImpression.objects.get().count == 3


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("", FORM),
        ("t=", FORM),
        ("t=garbage", FORM),
        ("x=1", FORM),
        ("t=%ZZ%00\x00", FORM),
        ('{"t": ["a"]}', "application/json"),
        ("t=a", "text/plain"),
        ("t=" + "a" * 20_000, FORM),
        ("\xff\xfe" * 10, FORM),
    ],
    ids=[
        "empty",
        "empty-token",
        "bad-token",
        "unknown-field",
        "broken-encoding",
        "json",
        "text",
        "too-big",
        "binary",
    ],
)
def test_garbage_payloads_get_400(body, content_type, client, tokens):
    response = beacon(client, body, content_type)

    assert response.status_code == 400
    assert not DonationImpression.objects.exists()


def test_extra_fields_beside_good_tokens_get_400(client, tokens):
    assert beacon(client, f"t={tokens[0]}&evil=1").status_code == 400


def test_too_many_tokens_get_400(client, tokens):
    assert beacon(client, tokens * 7).status_code == 400


@pytest.fixture
def busiest_page(home_page, settings):
    """A page with twenty prompts, each in an A/B test of three variants, going to
    the payment provider with a long campaign address: more than any real page."""
    settings.DONATION_ALLOWED_HOSTS = ["donate.example.org"]
    page = StandardPageFactory(parent=home_page)
    destination = (
        "https://donate.example.org/checkout/stop-ms-appeal-spring-2026"
        "?fund=research-only&campaign=tv-appeal-evening&source=website-article"
    )
    ctas = []
    for number in range(BEACON_MAX_TOKENS):
        cta = DonationCallToActionFactory(
            slug=f"spring-appeal-tv-evening-{number:02d}-research-only-version",
            destination=Destination.EXTERNAL,
            external_url=destination,
        )
        with_variants(
            cta,
            *({"name": f"Variant {v}", "button_label": f"Give {v}"} for v in "abc"),
        )
        ctas.append(cta)
    return page, ctas


def test_every_impression_a_busy_page_can_produce_fits_one_beacon(
    client, rf, busiest_page
):
    page, ctas = busiest_page
    tokens = []
    for cta in ctas:
        html = str(render_call_to_action(cta, page, "body", rf.get("/")))
        tokens += re.findall(r'data-donation-token="([^"]+)"', html)
    # Twenty buttons in view at once, each the longest version of its prompt.
    longest = sorted(tokens, key=len)[-BEACON_MAX_TOKENS:]
    body = urlencode([("t", token) for token in longest])
    assert len(body) < BEACON_MAX_BYTES / 2  # room to spare

    assert beacon(client, body).status_code == 204
    assert sum(DonationImpression.objects.values_list("count", flat=True)) == 20


def test_the_script_is_told_the_beacon_limits(rf, busiest_page):
    page, ctas = busiest_page

    html = str(render_call_to_action(ctas[0], page, "body", rf.get("/")))

    assert f'data-max-tokens="{BEACON_MAX_TOKENS}"' in html
    assert f'data-max-bytes="{BEACON_MAX_BYTES}"' in html


def test_a_body_over_the_cap_is_refused_before_it_is_read(client, tokens):
    body = urlencode([("t", tokens[0])]) + "&t=" + "x" * BEACON_MAX_BYTES

    assert beacon(client, body).status_code == 400


def test_tampered_token_gets_400_and_nothing_is_counted(client, tokens):
    assert beacon(client, [tokens[0], tokens[1][:-3] + "abc"]).status_code == 400
    assert not DonationImpression.objects.exists()


def test_signed_garbage_gets_400(client, tokens):
    forged = signing.dumps({"c": "x"}, salt=SIGNING_SALT)

    assert beacon(client, [forged]).status_code == 400


def test_get_is_not_allowed(client):
    assert client.get("/donations/seen/").status_code == 405


def test_cross_site_beacons_are_refused(client, tokens):
    response = beacon(client, tokens, HTTP_SEC_FETCH_SITE="cross-site")

    assert response.status_code == 400
    assert not DonationImpression.objects.exists()


@pytest.mark.parametrize("header", ["HTTP_DNT", "HTTP_SEC_GPC"])
def test_do_not_track_and_gpc_are_honoured(header, client, tokens):
    assert beacon(client, tokens, **{header: "1"}).status_code == 204
    assert not DonationImpression.objects.exists()


def test_bots_are_not_counted(client, tokens):
    assert beacon(client, tokens, agent="Googlebot/2.1").status_code == 204
    assert not DonationImpression.objects.exists()


def test_beacons_are_rate_limited_per_visitor(client, tokens, settings):
    settings.DONATION_BEACON_RATE_LIMIT = 2

    statuses = [beacon(client, tokens[:1]).status_code for _ in range(4)]

    assert statuses == [204, 204, 429, 429]
    assert DonationImpression.objects.get().count == 2
    assert visitors.refused_count("beacon", visitors.uk_today()) == 2


def test_database_down_gives_503_not_500(client, tokens):
    with database_down():
        assert beacon(client, tokens).status_code == 503


@time_machine.travel(LAST_MOMENT_OF_AN_HOUR, tick=False)
def test_simple_fallback_adds_up_like_the_upsert(tokens):
    link = ClickLink.from_token(tokens[0])
    hour = datetime(2026, 5, 12, 9, tzinfo=UTC)
    key = ImpressionKey(hour, link.cta_id, "control", "body", link.page_id)
    earlier = replace(key, hour=hour - timedelta(hours=1))

    _add_impressions_simply(key.fields(), 2)
    _add_impressions_simply(key.fields(), 3)
    add_impressions(Counter({key: 4, earlier: 1}))

    counts = DonationImpression.objects.order_by("hour").values_list("count", flat=True)
    assert list(counts) == [1, 9]


def test_impressions_are_counted_from_a_page_served_by_the_page_cache(
    client, settings, default_cta, donate_page, home_page
):
    settings.PAGE_CACHE_ENABLED = True
    hub = TopicIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=hub, show_default_call_to_action=True)
    client.get(article.url)
    cached = client.get(article.url)
    assert cached["X-Cache"] == "HIT"
    token = re.search(r'data-donation-token="([^"]+)"', cached.content.decode())[1]

    response = beacon(client, [token])

    assert response.status_code == 204
    assert buckets() == {(default_cta.pk, "control", "foot", 1)}
