"""Every public URL, query parameter and form field, sent hostile input.

Whatever arrives (non-ASCII digits, control characters, null bytes, SQL- and
HTML-looking strings, huge, negative and fractional numbers, unknown filter
values, tampered tracking links and beacons): no server error, nothing
reflected as markup, and nothing stored that a valid request would not store.
Strategies and the hypothesis profile: tests/hostile.py.
"""

import json
from urllib.parse import quote, urlencode, urlsplit

from django.core import signing
from django.test import Client

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Site

import pytest
from hypothesis import given
from hypothesis import strategies as st

from donations.links import SIGNING_SALT, ClickLink
from donations.models import DonationClick, DonationImpression, DonationSettings
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
    ResearchProjectPageFactory(parent=research, status=Status.RECRUITING)
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
    path=st.sampled_from(["", "give/"]),
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


def test_the_profile_is_bounded_and_has_no_deadline():
    from hypothesis import settings

    assert settings.default.max_examples <= 15 or settings._current_profile != "ci"
    assert settings.default.deadline is None


def test_the_nasty_list_covers_what_the_issue_names():
    assert {"²", "①", "\x00", "9" * 5000, "-1", "1.5"} <= set(NASTY)
    assert json.dumps(NASTY)  # every entry is plain text
