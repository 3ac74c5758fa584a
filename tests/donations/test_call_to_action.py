from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from donations.choices import Destination
from donations.models import Appeal, DonationCallToAction, DonationSettings
from tests.factories.donations import AppealFactory, DonationCallToActionFactory

pytestmark = pytest.mark.django_db


def build(**fields) -> DonationCallToAction:
    values = {"name": "Spring article", "heading": "Help stop MS", **fields}
    return DonationCallToAction(**values)


def test_external_destination_must_be_on_the_allow_list():
    cta = build(destination=Destination.EXTERNAL, external_url="https://evil.example/x")

    with pytest.raises(ValidationError) as error:
        cta.full_clean()

    message = error.value.message_dict["external_url"][0]
    assert "cannot link to evil.example" in message
    assert "DONATION_ALLOWED_HOSTS" in message


@pytest.mark.parametrize(
    "url",
    [
        "http://donate.example.org/give",  # not https
        "https://donate.example.org@evil.example/",  # login part hides the host
        "https://donate.example.org.evil.example/",
        "https://giving.example.net.evil.example/",
    ],
)
def test_lookalike_external_addresses_are_refused(url):
    with pytest.raises(ValidationError):
        build(destination=Destination.EXTERNAL, external_url=url).full_clean()


@pytest.mark.parametrize(
    "url",
    [
        "https://donate.example.org/give?fund=1",
        "https://www.giving.example.net/stop-ms",
    ],
)
def test_allowed_external_addresses_are_accepted(url):
    build(destination=Destination.EXTERNAL, external_url=url).full_clean()


def test_external_destination_needs_an_address():
    with pytest.raises(ValidationError) as error:
        build(destination=Destination.EXTERNAL).full_clean()

    assert "external_url" in error.value.message_dict


def test_suggested_amount_only_goes_with_the_donate_page():
    cta = build(
        destination=Destination.EXTERNAL,
        external_url="https://donate.example.org/",
        suggested_amount=10,
    )

    with pytest.raises(ValidationError) as error:
        cta.full_clean()

    assert "suggested_amount" in error.value.message_dict


def test_active_until_must_follow_active_from():
    now = timezone.now()
    cta = build(active_from=now, active_until=now - timedelta(days=1))

    with pytest.raises(ValidationError) as error:
        cta.full_clean()

    assert "active_until" in error.value.message_dict


def test_tracking_code_is_made_from_the_name_and_kept_unique():
    DonationCallToActionFactory(slug="spring-article")
    cta = build(name="Spring article!")

    cta.full_clean()

    assert cta.slug == "spring-article-2"


def test_a_tracking_code_in_use_is_refused():
    DonationCallToActionFactory(slug="taken")

    with pytest.raises(ValidationError) as error:
        build(slug="taken").full_clean()

    assert "slug" in error.value.message_dict


def test_choosing_the_donate_page_clears_an_old_external_address():
    cta = build(destination=Destination.DONATE_PAGE, external_url="https://x.example/")

    cta.full_clean()

    assert cta.external_url == ""


def test_is_active_needs_publishing_and_the_dates():
    now = timezone.now()
    draft = DonationCallToActionFactory(live=False)
    later = DonationCallToActionFactory(active_from=now + timedelta(hours=1))
    ended = DonationCallToActionFactory(active_until=now - timedelta(seconds=1))
    current = DonationCallToActionFactory(
        active_from=now - timedelta(days=1), active_until=now + timedelta(days=1)
    )

    assert not draft.is_active()
    assert not later.is_active()
    assert not ended.is_active()
    assert current.is_active()
    assert later.is_active(at=now + timedelta(hours=2))


def test_drafts_and_revisions_keep_the_live_version_until_published():
    cta = DonationCallToActionFactory(heading="Live heading")
    cta.heading = "Draft heading"
    cta.save_revision()

    cta.refresh_from_db()
    assert cta.heading == "Live heading"
    assert cta.has_unpublished_changes
    assert cta.revisions.count() == 2

    cta.latest_revision.publish()
    cta.refresh_from_db()
    assert cta.heading == "Draft heading"


def test_appeal_must_end_after_it_starts():
    appeal = Appeal(
        name="Winter", starts_on=timezone.now().date(), ends_on=timezone.now().date()
    )
    appeal.full_clean()
    appeal.ends_on -= timedelta(days=1)

    with pytest.raises(ValidationError):
        appeal.full_clean()


def test_provider_address_must_be_on_the_allow_list(home_page):
    setting = DonationSettings(site=home_page.get_site())
    setting.payment_provider_url = "https://pay.evil.example/"

    with pytest.raises(ValidationError) as error:
        setting.full_clean()

    assert "payment_provider_url" in error.value.message_dict
    setting.payment_provider_url = "https://donate.example.org/checkout"
    setting.full_clean()


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    return client


def admin_form(**fields) -> dict:
    return {
        "name": "Admin made",
        "slug": "",
        "heading": "Help stop MS",
        "message": "",
        "button_label": "Donate now",
        "suggested_frequency": "one-off",
        "destination": "external",
        "external_url": "https://pay.evil.example/",
        # The A/B test tab's (empty) list of variants.
        "variants-TOTAL_FORMS": "0",
        "variants-INITIAL_FORMS": "0",
        "variants-MIN_NUM_FORMS": "0",
        "variants-MAX_NUM_FORMS": "3",
        **fields,
    }


def test_admin_shows_the_allow_list_error_and_saves_nothing(editor_client):
    url = reverse("wagtailsnippets_donations_donationcalltoaction:add")

    response = editor_client.post(url, admin_form())

    assert response.status_code == 200
    assert "cannot link to pay.evil.example" in response.content.decode()
    assert not DonationCallToAction.objects.exists()


def test_admin_saves_a_draft_and_publishes(editor_client):
    url = reverse("wagtailsnippets_donations_donationcalltoaction:add")

    editor_client.post(url, admin_form(external_url="https://donate.example.org/x"))
    cta = DonationCallToAction.objects.get()
    assert not cta.live and cta.slug == "admin-made"

    edit = reverse("wagtailsnippets_donations_donationcalltoaction:edit", args=[cta.pk])
    editor_client.post(
        edit,
        admin_form(
            external_url="https://donate.example.org/x", **{"action-publish": "1"}
        ),
    )
    cta.refresh_from_db()
    assert cta.live


def test_admin_preview_shows_the_call_to_action_without_tracking(
    editor_client, donate_page
):
    appeal = AppealFactory()
    url = reverse("wagtailsnippets_donations_donationcalltoaction:preview_on_add")
    data = admin_form(destination="donate-page", external_url="", appeal=appeal.pk)

    editor_client.post(url, data)
    response = editor_client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Help stop MS" in html
    assert 'href="/donate/?cta=admin-made"' in html
    assert "/donations/go/" not in html
