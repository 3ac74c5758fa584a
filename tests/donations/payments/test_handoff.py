"""The hand-off: from a donate button, through the donate page, to the payment
provider, carrying a signed reference and campaign tags, and Gift Aid."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone

import pytest
import time_machine

from donations.links import ClickLink
from donations.models import AttributionSource
from donations.payments.attribution import attribute
from donations.payments.handoff import gift_aid_total
from donations.payments.reference import BadReference, Reference
from tests.factories.donations import DonationCallToActionFactory
from tests.factories.pages import StandardPageFactory

from ..conftest import CHROME_UA, PROVIDER

pytestmark = pytest.mark.django_db
FROZEN = datetime(2026, 3, 14, 10, 3, tzinfo=UTC)


@pytest.fixture
def article(home_page):
    return StandardPageFactory(parent=home_page)


@pytest.fixture
def cta(donate_page, provider):
    return DonationCallToActionFactory(slug="spring", suggested_amount=10)


def click(client, cta, page, destination=None):
    link = ClickLink(
        cta_id=cta.pk,
        placement="body",
        page_id=page.pk,
        destination=destination or "/donate/?cta=spring&amount=10&frequency=one-off",
        campaign=cta.slug,
    )
    return client.get(link.url(), HTTP_USER_AGENT=CHROME_UA)


def query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_the_reference_is_short_url_safe_and_signed():
    reference = Reference(
        cta_id=2**40,
        variant="v" * 60,
        ab_test=2**31,
        assigned=True,
        placement="header",
        page_id=2**40,
        clicked_at=FROZEN,
    )
    text = reference.encode()
    assert len(text) <= 200
    assert re.fullmatch(r"[A-Za-z0-9_-]+", text)
    decoded = Reference.decode(text)
    assert decoded.clicked_at == datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
    assert (decoded.cta_id, decoded.variant, decoded.assigned) == (
        2**40,
        "v" * 60,
        True,
    )
    for bad in (text[:-1], text[:20] + "A" + text[21:], "m1" + "x" * 40, "", "<x>"):
        with pytest.raises(BadReference):
            Reference.decode(bad)


def test_the_attribution_rule_credits_the_last_button_within_two_hours():
    clicked = Reference(cta_id=3, placement="foot", page_id=5, clicked_at=FROZEN)
    assert attribute(clicked, FROZEN + timedelta(minutes=119)).source == (
        AttributionSource.BUTTON
    )
    assert attribute(clicked, FROZEN + timedelta(hours=3)).source == (
        AttributionSource.EXPIRED
    )
    assert attribute(Reference(page_id=5), FROZEN).source == (
        AttributionSource.DONATE_PAGE
    )
    assert attribute(None, FROZEN).source == AttributionSource.NONE
    expired = attribute(clicked, FROZEN + timedelta(days=1)).fields()
    assert expired["call_to_action_id"] is None and expired["source_page_id"] == 5


def test_a_button_hands_its_reference_through_the_donate_page_to_the_provider(
    client, cta, article
):
    with time_machine.travel(FROZEN, tick=False):
        landing = click(client, cta, article)["Location"]
        page = client.get(landing)
    ref = query(landing)["ref"]
    html = page.content.decode()
    assert f'name="ref" value="{ref}"' in html
    assert not page.cookies

    response = client.get(
        "/donate/give/",
        {"frequency": "one-off", "amount": "10", "cta": "spring", "ref": ref},
    )
    assert response["Location"].startswith(PROVIDER)
    params = query(response["Location"])
    assert params["ref"] == params["client_reference_id"] == ref
    assert params["utm_medium"] == "donate-button"
    assert params["utm_campaign"] == "spring"
    assert params["utm_content"] == "body"
    reference = Reference.decode(ref)
    assert (reference.cta_id, reference.page_id) == (cta.pk, article.pk)


def test_one_button_gives_one_donate_page_to_everyone_in_ten_minutes(
    client, cta, article
):
    """Cacheable: the reference depends on the button and the ten minutes only."""
    with time_machine.travel(FROZEN, tick=False):
        first = click(client, cta, article)["Location"]
    with time_machine.travel(FROZEN + timedelta(minutes=5), tick=False):
        second = client.get(
            click(client, cta, article)["Location"], REMOTE_ADDR="198.51.100.9"
        )
    assert second.wsgi_request.get_full_path() == first
    with time_machine.travel(FROZEN + timedelta(minutes=10), tick=False):
        assert click(client, cta, article)["Location"] != first


def test_a_reference_that_is_not_ours_is_dropped_not_shown_as_an_error(client, cta):
    page = client.get("/donate/", {"ref": "m1forgedforgedforgedforgedforged"})
    assert 'name="ref"' not in page.content.decode()
    response = client.get(
        "/donate/give/", {"frequency": "one-off", "amount": "10", "ref": "forged"}
    )
    assert response.status_code == 302
    assert Reference.decode(query(response["Location"])["ref"]).cta_id == 0


def test_campaign_tags_the_donate_page_was_opened_with_are_passed_on(client, cta):
    page = client.get(
        "/donate/", {"utm_source": "newsletter", "utm_campaign": "<b>bad</b>"}
    )
    html = page.content.decode()
    assert 'name="utm_source" value="newsletter"' in html
    assert "utm_campaign" not in html
    response = client.get(
        "/donate/give/",
        {"frequency": "one-off", "amount": "10", "utm_source": "newsletter"},
    )
    params = query(response["Location"])
    assert params["utm_source"] == "newsletter"
    assert "utm_medium" not in params


def test_gift_aid_is_offered_in_plain_words_with_the_uplift(client, cta):
    html = client.get("/donate/", {"frequency": "monthly", "amount": "10"}).content
    html = html.decode()
    assert "I am a UK taxpayer and want" in html
    assert "to claim Gift Aid" in html
    assert "£10 becomes £12.50 a month" in html
    assert html.count('name="gift_aid" value="yes"') == 2
    assert gift_aid_total(25) == "31.25" and gift_aid_total(1000) == "1,250.00"


@pytest.mark.parametrize(("ticked", "sent"), [("yes", "yes"), ("", "no")])
def test_gift_aid_is_passed_to_the_provider(client, cta, ticked, sent):
    response = client.get(
        "/donate/give/",
        {"frequency": "one-off", "amount": "25", "gift_aid": ticked},
    )
    assert query(response["Location"])["gift_aid"] == sent


def test_the_donate_page_keeps_gift_aid_ticked_after_an_error(client, cta):
    response = client.get(
        "/donate/give/", {"frequency": "one-off", "amount": "x", "gift_aid": "yes"}
    )
    assert response.status_code == 200
    assert 'id="one-off-gift-aid" aria-describedby="one-off-gift-aid-hint" checked' in (
        response.content.decode()
    )


def test_an_external_button_hands_its_reference_straight_to_the_provider(
    client, cta, article
):
    with time_machine.travel(timezone.now(), tick=False):
        response = click(client, cta, article, "https://donate.example.org/appeal")
    params = query(response["Location"])
    assert Reference.decode(params["ref"]).cta_id == cta.pk
    assert params["utm_medium"] == "donate-button"
