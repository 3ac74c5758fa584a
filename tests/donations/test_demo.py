import random
import re
from datetime import datetime, timedelta
from io import StringIO
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db.models import F

from wagtail.models import Page, Site

import pytest

from donations.insights.rollup import uk_today
from donations.links import BEACON_MAX_BYTES
from donations.management.commands import generate_demo_donation_activity
from donations.models import (
    AttributionSource,
    CallToActionTest,
    DonatePage,
    DonationCallToAction,
    DonationClick,
    DonationDailyStat,
    DonationImpression,
    DonationRollupDay,
    DonationSettings,
    Gift,
)
from tests.factories.donations import DonationCallToActionFactory

from .conftest import CHROME_UA

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def test_demo_sets_up_the_donate_page_and_the_evergreen_default():
    load()

    page = DonatePage.objects.get()
    assert page.url == "/donate/" and page.live
    assert len(page.suggested_amounts("one-off")) == 3
    assert len(page.suggested_amounts("monthly")) == 3
    settings = DonationSettings.for_site(Site.objects.get(is_default_site=True))
    default = settings.default_call_to_action
    assert default.heading == "Donate now to help find treatments for everyone with MS"
    assert default.is_active()
    assert settings.payment_provider_url == "https://donate.example.org/checkout"
    article_cta = DonationCallToAction.objects.get(slug="immune-system-article")
    assert article_cta.is_active() and article_cta.appeal.designation == "research"


def test_demo_generates_weeks_of_clicks_and_impressions_once():
    load()
    clicks = DonationClick.objects.count()
    impressions = DonationImpression.objects.count()

    assert clicks > 100 and impressions > 100
    assert DonationClick.objects.filter(is_duplicate=True).exists()
    assert DonationClick.objects.filter(is_bot=True).exists()
    days = DonationClick.objects.dates("clicked_at", "day")
    assert len(days) >= 62  # two months: the report's 30 days and the 30 before

    # Gifts too: most credited to the button clicked, some from the donate page.
    gifts = Gift.objects.filter(provider="demo")
    assert gifts.filter(source=AttributionSource.BUTTON).count() > 20
    assert gifts.filter(source=AttributionSource.DONATE_PAGE).exists()
    assert gifts.filter(gift_aid=True).exists()
    assert gifts.filter(frequency="monthly").exists()
    credited = gifts.filter(source=AttributionSource.BUTTON)
    assert not credited.filter(started_at__lt=F("clicked_at")).exists()
    assert not credited.filter(given_at__lt=F("started_at")).exists()
    gift_count = gifts.count()

    assert "already exist" in load()
    assert DonationClick.objects.count() == clicks
    assert DonationImpression.objects.count() == impressions
    assert gifts.count() == gift_count


def test_repeat_clicks_are_never_generated_in_the_future(home_page):
    # Half a minute past the hour: a repeat click (up to 24 minutes after the
    # first) in the last hour would otherwise often land after now.
    now = datetime(2026, 3, 10, 10, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    command = generate_demo_donation_activity.Command()
    command.generated_at = now
    rng = random.Random(1)
    cta = DonationCallToActionFactory()
    last_hour = now.replace(minute=0, second=0) - timedelta(hours=1)

    rows = [
        row
        for _ in range(500)
        for row in command.clicks(rng, last_hour, cta, "body", home_page)
    ]

    assert sum(row.is_duplicate for row in rows) > 10
    assert max(row.clicked_at for row in rows) <= now


def test_demo_activity_can_be_regenerated():
    load()
    before = DonationClick.objects.count()

    call_command("generate_demo_donation_activity", "--refresh", stdout=StringIO())

    # The same seed gives the same activity (give or take the hour that passed).
    assert abs(DonationClick.objects.count() - before) < before * 0.1
    assert Gift.objects.filter(provider="demo").exists()
    assert not Gift.objects.exclude(provider="demo").exists()


def test_demo_activity_needs_a_live_call_to_action():
    out = StringIO()

    call_command("generate_demo_donation_activity", stdout=out)

    assert "no live calls to action" in out.getvalue()


def test_demo_runs_an_ab_test_with_figures_and_rolls_them_up():
    load()

    test = CallToActionTest.objects.get(ended_at__isnull=True)
    assert test.call_to_action.slug == "immune-system-article"
    assert len(test.versions) == 2
    assert DonationClick.objects.filter(ab_test=test.pk, assigned=True).exists()
    assert DonationClick.objects.filter(ab_test=test.pk, assigned=False).exists()
    assert DonationRollupDay.objects.filter(day=uk_today() - timedelta(days=1)).exists()
    assert DonationDailyStat.objects.exists()
    # Each version has gifts credited, so the test can be judged on money.
    for key in test.variant_keys:
        assert (
            Gift.objects.filter(ab_test=test.pk, variant=key, assigned=True).count()
            >= 20
        )


def test_every_demo_page_sends_all_its_impressions_in_one_beacon(client):
    load()
    largest = 0
    for page in Page.objects.live().specific():
        html = client.get(page.url).content.decode()
        # Every button in the HTML, the A/B versions' templates included.
        tokens = re.findall(r'data-donation-token="([^"]+)"', html)
        if not tokens:
            continue
        body = urlencode([("t", token) for token in tokens])
        largest = max(largest, len(body))
        response = client.generic(
            "POST",
            "/donations/seen/",
            body,
            content_type="application/x-www-form-urlencoded",
            HTTP_USER_AGENT=CHROME_UA,
        )
        assert response.status_code == 204, page.url
    # The largest (the immune system article, 4 tokens) with room to spare.
    assert 0 < largest < BEACON_MAX_BYTES / 4
