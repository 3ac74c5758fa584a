"""Every public URL, query parameter and form field, sent hostile input.

Whatever arrives (non-ASCII digits, control characters, null bytes, SQL- and
HTML-looking strings, huge, negative and fractional numbers, unknown filter
values, tampered tracking links and beacons): no server error, nothing
reflected as markup, and nothing stored that a valid request would not store.
Strategies and the hypothesis profile: tests/hostile.py.
"""

import hashlib
import hmac
import json
import time
from urllib.parse import quote, urlencode, urlsplit

from django.core import signing
from django.test import Client

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Site

import pytest
from hypothesis import given
from hypothesis import strategies as st

from donations.links import SIGNING_SALT, ClickLink
from donations.models import (
    DonationClick,
    DonationImpression,
    DonationSettings,
    Gift,
    PaymentEvent,
)
from donations.payments.testing import signed_json, signed_stripe
from pages.models import PageFeedback
from pages.search.models import MAX_LOGGED_LENGTH, NoResultsSearch
from research.choices import Status
from tests.donations.conftest import CHROME_UA, PROVIDER
from tests.factories.donations import DonatePageFactory, DonationCallToActionFactory
from tests.factories.pages import (
    ArticlePageFactory,
    StoryIndexPageFactory,
    StoryPageFactory,
    TopicIndexPageFactory,
)
from tests.factories.research import (
    ResearchIndexPageFactory,
    ResearchProjectPageFactory,
    ResearchThemeFactory,
)
from tests.hostile import NASTY, assert_answered_safely, hostile_params, hostile_text
from tests.hostile import is_clean_text as clean
from tests.utils import reload_urls

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def site(home_page, settings):
    """A small site with one page of each public type (factories, no demo)."""
    settings.DONATION_ALLOWED_HOSTS = ["donate.example.org"]
    settings.FEEDBACK_RATE_LIMIT = (10_000, 3600)
    settings.DONATION_CLICK_RATE_LIMIT = settings.DONATION_BEACON_RATE_LIMIT = 10_000
    hub = TopicIndexPageFactory(parent=home_page, title="About MS", slug="about-ms")
    article = ArticlePageFactory(parent=hub, title="Fatigue", slug="fatigue")
    stories = StoryIndexPageFactory(parent=home_page)
    StoryPageFactory(parent=stories).topic_links.create(page=article)
    research = ResearchIndexPageFactory(parent=home_page)
    ResearchThemeFactory(name="Repair", slug="repair")
    project = ResearchProjectPageFactory(parent=research, status=Status.RECRUITING)
    donate = DonatePageFactory(parent=home_page)
    cta = DonationCallToActionFactory(slug="spring")
    donation_settings = DonationSettings.for_site(
        Site.objects.get(is_default_site=True)
    )
    donation_settings.payment_provider_url = PROVIDER
    donation_settings.default_call_to_action = cta
    donation_settings.save()
    link = ClickLink(cta.pk, "body", article.pk, "/donate/", cta.slug)
    return {
        "hub": hub.url,
        "article": article,
        "research": research.url,
        "stories": stories.url,
        "project": project.url,
        "donate": donate.url,
        "token": link.token(),
    }


def get(client, path, params):
    return client.get(path, params, HTTP_USER_AGENT=CHROME_UA)


@given(params=hostile_params("q", "type", "page"))
def test_search(client, site, params):
    assert_answered_safely(get(client, "/search/", params), params.values())

    logged = [*Query.objects.values_list("query_string", flat=True)]
    logged += NoResultsSearch.objects.values_list("query_string", flat=True)
    assert all(clean(q) and len(q) <= MAX_LOGGED_LENGTH for q in logged)


@given(
    params=hostile_params(
        "status", "ms_type", "theme", "phase", "funded", "sort", "page"
    )
)
def test_research_hub_filters_and_pages(client, site, params):
    assert_answered_safely(get(client, site["research"], params), params.values())


@given(params=hostile_params("kind", "topic", "page"))
def test_stories_index_filters_and_pages(client, site, params):
    assert_answered_safely(get(client, site["stories"], params), params.values())


@given(params=hostile_params("page"))
def test_topic_hub_pages(client, site, params):
    assert_answered_safely(get(client, site["hub"], params), params.values())


@given(
    page=st.sampled_from(["home", "article", "project"]),
    params=hostile_params("page", "q", "ref", "cta", "utm_source", "variant"),
)
def test_home_article_and_project_pages_ignore_what_they_do_not_read(
    client, site, page, params
):
    path = {"home": "/", "article": site["article"].url, "project": site["project"]}
    response = get(client, path[page], params)

    assert_answered_safely(response, params.values())
    assert response.status_code == 200


@given(
    path=st.sampled_from(["", "give/", "thank-you/"]),
    params=hostile_params("amount", "other_amount", "frequency", "designation", "cta"),
)
def test_donate_page_and_the_hand_off(client, site, path, params):
    response = get(client, site["donate"] + path, params)

    assert_answered_safely(response, params.values())
    if response.status_code == 302:
        destination = urlsplit(response["Location"])
        assert f"{destination.scheme}://{destination.netloc}" == (
            "https://donate.example.org"
        )


@given(form=hostile_params("page", "helpful", "comment", "website"))
def test_feedback(site, form):
    response = Client().post(
        "/feedback/", urlencode(form), content_type=FORM, REMOTE_ADDR="203.0.113.9"
    )

    assert_answered_safely(response, form.values())
    assert response.status_code in {200, 400}
    for row in PageFeedback.objects.all():
        assert row.page_id == site["article"].pk
        assert clean(row.comment) and len(row.comment) <= 1000


def tampered(token: str, data: st.DataObject) -> str:
    """A real token with one character changed, cut short, or added to."""
    how = data.draw(st.sampled_from(["change", "cut", "add"]))
    at = data.draw(st.integers(0, len(token) - 1))
    if how == "change":
        swap = data.draw(st.sampled_from("aZ09-_:"))
        return token[:at] + swap + token[at + 1 :]
    if how == "cut":
        return token[:at]
    return token + data.draw(hostile_text)


signed_junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from("cpsduvta"), inner, max_size=8)
    ),
    max_leaves=10,
).map(lambda payload: signing.dumps(payload, salt=SIGNING_SALT, compress=True))


@given(data=st.data())
def test_donate_click_links(client, site, data):
    token = data.draw(
        st.one_of(
            hostile_text.filter(bool),
            st.just(site["token"]).map(lambda t: tampered(t, data)),
            signed_junk,
        )
    )
    before = DonationClick.objects.count()

    response = client.get(
        f"/donations/go/{quote(token, safe='')}/",
        HTTP_USER_AGENT=data.draw(hostile_text),
        HTTP_X_FORWARDED_FOR=data.draw(hostile_text),
    )

    assert_answered_safely(response, [token])
    assert response.status_code in {302, 404}
    if response.status_code == 404:
        assert DonationClick.objects.count() == before
    else:
        location = urlsplit(response["Location"])
        assert not location.netloc or location.netloc == "donate.example.org"


@given(data=st.data())
def test_impressions_beacon(client, site, data):
    tokens = data.draw(
        st.lists(
            st.one_of(
                hostile_text,
                st.just(site["token"]),
                st.just(site["token"]).map(lambda t: tampered(t, data)),
                signed_junk,
            ),
            max_size=25,
        )
    )
    body = data.draw(
        st.one_of(
            st.just(urlencode([("t", token) for token in tokens])),
            hostile_text,
            st.binary(max_size=300).map(lambda raw: raw.decode("latin-1")),
        )
    )
    content_type = data.draw(
        st.sampled_from([FORM, f"{FORM}; charset=UTF-8", "text/plain", "", "json"])
    )

    response = client.generic(
        "POST",
        "/donations/seen/",
        body.encode("utf-8", "surrogatepass"),
        content_type=content_type,
        HTTP_USER_AGENT=CHROME_UA,
    )

    assert_answered_safely(response)
    assert response.status_code in {204, 400}
    real_cta = ClickLink.from_token(site["token"]).cta_id
    assert set(
        DonationImpression.objects.values_list("call_to_action_id", flat=True)
    ) <= {real_cta}


FIXED_PATHS = [
    "/robots.txt",
    "/sitemap.xml",
    "/favicon.ico",
    "/healthz",
    "/livez",
    "/documents/1/x.pdf",
    "/media/original_images/x.png",
    "/_util/authenticate_with_password/1/2/",
    "/_util/login/",
]


@given(path=st.sampled_from(FIXED_PATHS), params=hostile_params("page", "q", "next"))
def test_every_other_public_address(client, home_page, path, params):
    assert_answered_safely(get(client, path, params), params.values())


@given(segment=hostile_text.filter(bool), depth=st.integers(1, 3))
def test_made_up_addresses_get_the_404_page(client, home_page, segment, depth):
    path = "/" + "/".join([quote(segment, safe="")] * depth) + "/"

    response = client.get(path, HTTP_USER_AGENT=CHROME_UA)

    assert_answered_safely(response, [segment])
    assert response.status_code in {301, 302, 400, 404}


@given(form=hostile_params("page", "helpful", "comment"))
def test_posts_to_pages_that_take_no_posts(client, home_page, form):
    response = client.post("/", urlencode(form), content_type=FORM)

    assert_answered_safely(response, form.values())


WEBHOOK_SECRETS = {"stripe": "whsec_hostile_test", "signed-json": "hostile-callback"}
SIGNATURE_HEADERS = {"stripe": "Stripe-Signature", "signed-json": "X-Signature"}


@pytest.fixture
def webhooks(settings, db):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRETS["stripe"]
    settings.DONATION_CALLBACK_SECRET = WEBHOOK_SECRETS["signed-json"]


def forged_signature(body: bytes, data: st.DataObject) -> str:
    """A signature header: junk, well formed but wrong, or signed with
    another secret."""
    now = int(time.time())
    stamp = data.draw(st.sampled_from([now, now - 3600, 0, -1]).map(str) | hostile_text)
    wrong = hmac.new(b"not-the-secret", stamp.encode() + b"." + body, hashlib.sha256)
    return data.draw(
        st.one_of(
            hostile_text,
            st.just(f"t={stamp},v1={wrong.hexdigest()}"),
            st.just(f"t={stamp},v1=,v0={wrong.hexdigest()}"),
            st.just(f"v1={wrong.hexdigest()}"),
        )
    )


def hostile_body(data: st.DataObject) -> bytes:
    return data.draw(
        st.one_of(
            hostile_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
            st.binary(max_size=300),
            st.recursive(
                st.none() | st.booleans() | st.integers() | hostile_text,
                lambda inner: (
                    st.lists(inner, max_size=3)
                    | st.dictionaries(hostile_text, inner, max_size=4)
                ),
                max_leaves=8,
            ).map(lambda value: json.dumps(value).encode()),
        )
    )


@given(provider=st.sampled_from(["stripe", "signed-json"]), data=st.data())
def test_unsigned_webhooks_are_refused_and_store_nothing(
    client, webhooks, provider, data
):
    body = hostile_body(data)
    names = data.draw(
        st.sets(
            st.sampled_from([SIGNATURE_HEADERS[provider], "X-Signature-2", "X-Other"]),
            max_size=3,
        )
    )
    headers = {name: forged_signature(body, data) for name in names}

    response = client.generic(
        "POST",
        f"/donations/webhooks/{provider}/",
        body,
        content_type=data.draw(st.sampled_from(["application/json", "", "text/x"])),
        # Only what an HTTP header can carry.
        headers={name: value for name, value in headers.items() if value.isprintable()},
    )

    assert_answered_safely(response)
    assert response.status_code == 400
    assert not Gift.objects.exists() and not PaymentEvent.objects.exists()


def junk_event(data: st.DataObject) -> dict:
    """An event shaped like the real ones, every field drawn hostile."""
    field = st.none() | st.booleans() | st.integers() | hostile_text
    kind = st.sampled_from(
        [
            "checkout.session.completed",
            "checkout.session.async_payment_succeeded",
            "charge.refunded",
            "payment.paid",
            "payment.refunded",
        ]
    )
    return data.draw(
        st.fixed_dictionaries(
            {
                "id": field,
                "type": kind | field,
                "created": st.integers() | field,
                "payment_id": field,
                "amount": field,
                "currency": st.sampled_from(["GBP", "gbp"]) | field,
                "frequency": st.sampled_from(["one-off", "monthly"]) | field,
                "reference": field,
                "data": st.fixed_dictionaries(
                    {
                        "object": st.dictionaries(
                            st.sampled_from(
                                [
                                    "id",
                                    "mode",
                                    "payment_status",
                                    "amount_total",
                                    "currency",
                                    "metadata",
                                    "client_reference_id",
                                    "payment_intent",
                                    "created",
                                    "amount",
                                    "amount_refunded",
                                ]
                            ),
                            field | st.dictionaries(hostile_text, field, max_size=2),
                        )
                    }
                )
                | field,
            }
        )
    )


@given(provider=st.sampled_from(["stripe", "signed-json"]), data=st.data())
def test_signed_junk_events_never_break_the_ledger(client, webhooks, provider, data):
    sign = signed_stripe if provider == "stripe" else signed_json
    signed = sign(junk_event(data), secret=WEBHOOK_SECRETS[provider])

    response = signed.post(client)

    assert_answered_safely(response)
    assert response.status_code in {200, 400}
    if response.status_code == 400:
        assert not Gift.objects.exists() and not PaymentEvent.objects.exists()
    for gift in Gift.objects.all():
        assert gift.amount_pence > 0 and gift.currency == "GBP"


@pytest.fixture
def demo_checkout(settings, site, webhooks):
    settings.DONATION_DEMO_CHECKOUT = True
    reload_urls()
    yield "/donations/demo-checkout/"
    settings.DONATION_DEMO_CHECKOUT = False
    reload_urls()


@given(
    method=st.sampled_from(["get", "post"]),
    params=hostile_params("amount", "frequency", "designation", "gift_aid", "ref"),
)
def test_demo_checkout(client, demo_checkout, method, params):
    if method == "get":
        response = get(client, demo_checkout, params)
    else:
        response = client.post(demo_checkout, urlencode(params), content_type=FORM)

    assert_answered_safely(response, params.values())
    assert response.status_code in {200, 302, 400}
    if response.status_code == 400:
        assert not Gift.objects.filter(provider="stripe").exists()
    if response.status_code == 302:
        assert not urlsplit(response["Location"]).netloc
    for gift in Gift.objects.all():
        assert 100 <= gift.amount_pence <= 100_000 * 100


@given(form=hostile_params("username", "password", "next"))
def test_admin_login_form(client, home_page, form):
    response = client.post(
        "/admin/login/", urlencode(form), content_type=FORM, REMOTE_ADDR="192.0.2.1"
    )

    assert_answered_safely(response, form.values())
    assert response.status_code in {200, 403, 429}


def test_the_profile_is_bounded_and_has_no_deadline():
    from hypothesis import settings

    assert settings.default.max_examples <= 15 or settings._current_profile != "ci"
    assert settings.default.deadline is None


def test_the_nasty_list_covers_what_the_issue_names():
    assert {"²", "①", "\x00", "9" * 5000, "-1", "1.5"} <= set(NASTY)
    assert json.dumps(NASTY)  # every entry is plain text
