from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Site

import pytest

from donations.insights.rollup import uk_day_bounds, uk_today
from donations.models import DonationSettings
from tests.factories.donations import DonatePageFactory, DonationCallToActionFactory
from tests.factories.pages import StandardPageFactory

PROVIDER = "https://donate.example.org/checkout"
# A desktop Chrome: the browser tests' own user agent says HeadlessChrome, which
# is (rightly) flagged as a bot.
CHROME_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
IPHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)


@pytest.fixture(autouse=True)
def _donation_settings(settings, tmp_path):
    settings.DONATION_ALLOWED_HOSTS = ["donate.example.org", ".giving.example.net"]
    settings.DONATION_SPOOL_FILE = tmp_path / "spool" / "clicks.jsonl"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "user_agent": CHROME_UA}


@pytest.fixture
def donate_page(home_page):
    return DonatePageFactory(parent=home_page)


@pytest.fixture
def default_cta(home_page):
    cta = DonationCallToActionFactory(
        name="Evergreen",
        slug="donate-now",
        heading="Donate now to help find treatments for everyone with MS",
    )
    donation_settings = DonationSettings.for_site(
        Site.objects.get(is_default_site=True)
    )
    donation_settings.default_call_to_action = cta
    donation_settings.payment_provider_url = PROVIDER
    donation_settings.save()
    return cta


@pytest.fixture
def source_page(home_page):
    """A page for donate buttons to sit on."""
    return StandardPageFactory(parent=home_page)


@pytest.fixture
def cta(donate_page):
    return DonationCallToActionFactory(slug="spring")


@pytest.fixture
def provider(home_page):
    donation_settings = DonationSettings.for_site(
        Site.objects.get(is_default_site=True)
    )
    donation_settings.payment_provider_url = PROVIDER
    donation_settings.save()
    return PROVIDER


@pytest.fixture
def fundraiser(db):
    """A member of the Fundraising group the data migration creates."""
    user = get_user_model().objects.create_user(
        "fundraiser", "fundraiser@example.org", "pw", first_name="Fran"
    )
    user.groups.add(Group.objects.get(name="Fundraising"))
    return user


@pytest.fixture
def editor(db):
    """An editor: admin access and pages, but not the fundraising report."""
    user = get_user_model().objects.create_user("editor", "editor@example.org", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def fundraiser_client(client, fundraiser):
    client.force_login(fundraiser)
    return client


def noon(days_ago: int) -> datetime:
    """Midday (UK) a number of days ago."""
    start, _ = uk_day_bounds(uk_today() - timedelta(days=days_ago))
    return start + timedelta(hours=12)


def today_so_far() -> datetime:
    """Halfway between midnight (UK) and now: always today."""
    start, _ = uk_day_bounds(uk_today())
    return start + (timezone.now() - start) / 2
