"""The development-only demo checkout: the whole loop with no account anywhere,
and never routed where the setting is off (production forces it off)."""

import os
import subprocess
import sys
from urllib.parse import parse_qs, urlencode, urlsplit

from django.urls import NoReverseMatch, reverse

import pytest

from donations.models import AttributionSource, Gift, GiftStatus
from donations.payments.reference import Reference
from tests.factories.donations import DonationCallToActionFactory
from tests.factories.pages import StandardPageFactory
from tests.utils import reload_urls

from ..conftest import CHROME_UA

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def demo_checkout(settings, provider):
    settings.DONATION_DEMO_CHECKOUT = True
    reload_urls()
    yield reverse("donations:demo_checkout")
    settings.DONATION_DEMO_CHECKOUT = False
    reload_urls()


def test_without_the_setting_the_demo_checkout_is_not_routed(client):
    with pytest.raises(NoReverseMatch):
        reverse("donations:demo_checkout")
    assert client.get("/donations/demo-checkout/").status_code == 404


def test_production_settings_force_it_off():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ms_portal.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "www.example.org",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DONATION_DEMO_CHECKOUT": "true",
    }
    # Only Wagtail's catch-all page route (a 404) answers the address.
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings; from django.urls import resolve\n"
        "assert settings.DONATION_DEMO_CHECKOUT is False\n"
        "match = resolve('/donations/demo-checkout/')\n"
        "print('not routed' if match.url_name == 'wagtail_serve' else match)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "not routed", result.stderr


def test_the_loop_donate_page_demo_checkout_webhook_thank_you(
    client, demo_checkout, donate_page, home_page
):
    cta = DonationCallToActionFactory(slug="spring")
    article = StandardPageFactory(parent=home_page)
    from donations.links import ClickLink

    link = ClickLink(cta.pk, "foot", article.pk, "/donate/?cta=spring", "spring")
    landing = client.get(link.url(), HTTP_USER_AGENT=CHROME_UA)["Location"]
    ref = parse_qs(urlsplit(landing).query)["ref"][0]

    handed = client.get(
        "/donate/give/",
        {
            "frequency": "monthly",
            "amount": "10",
            "gift_aid": "yes",
            "cta": "spring",
            "ref": ref,
        },
    )
    assert handed["Location"].startswith(demo_checkout + "?")
    page = client.get(handed["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "No money moves" in html
    assert "£10 every month" in html and "£12.50" in html

    data = {k: v[0] for k, v in parse_qs(urlsplit(handed["Location"]).query).items()}
    # As the browser posts the form: URL-encoded (no uploads outside the admin).
    paid = client.post(demo_checkout, urlencode(data), content_type=FORM)
    assert paid.status_code == 302
    assert paid["Location"] == "/donate/thank-you/"
    thanks = client.get(paid["Location"])
    assert thanks.status_code == 200
    assert "Thank you for your gift" in thanks.content.decode()

    gift = Gift.objects.get()
    assert (gift.status, gift.amount_pence, gift.frequency, gift.gift_aid) == (
        GiftStatus.PAID,
        1000,
        "monthly",
        True,
    )
    assert gift.source == AttributionSource.BUTTON
    assert (gift.call_to_action_id, gift.placement, gift.source_page_id) == (
        cta.pk,
        "foot",
        article.pk,
    )
    assert Reference.decode(ref).cta_id == cta.pk


def test_a_bad_checkout_link_gets_a_clear_400(client, demo_checkout):
    response = client.get(demo_checkout, {"amount": "-5", "frequency": "weekly"})
    assert response.status_code == 400
    assert "This checkout link is not complete" in response.content.decode()
    assert not Gift.objects.exists()
