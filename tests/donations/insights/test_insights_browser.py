"""The fundraising report and A/B tests in a real Chromium: the report as a
fundraiser sees it (axe, screenshots), and the beacon script splitting
visitors between versions of a call to action on a cached page."""

import re
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import pytest
from playwright.sync_api import expect

from donations.links import ClickLink
from donations.models import CallToActionTest, DonationClick, DonationImpression
from pages.models import TopicIndexPage
from tests.a11y import assert_no_axe_violations
from tests.factories.donations import DonationCallToActionFactory, with_variants
from tests.factories.pages import ArticlePageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REPORT = "/admin/reports/donate-clicks/"


def is_beacon(response) -> bool:
    return urlsplit(response.url).path == "/donations/seen/"


def beacons_sent(page) -> list[str]:
    """Every impression beacon the page sends from now on."""
    sent = []

    def note(request):
        if is_beacon(request):
            sent.append(request.url)

    page.on("request", note)
    return sent


@pytest.fixture
def signed_in_fundraiser(page, demo_site):
    user = get_user_model().objects.create_user(
        "fran", "fran@example.org", "pw", first_name="Fran", last_name="Okafor"
    )
    user.groups.add(Group.objects.get(name="Fundraising"))
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(demo_site + "/admin/login/")
    page.get_by_label("Username").fill("fran")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    return demo_site


def test_report_as_a_fundraiser_sees_it(
    page, signed_in_fundraiser, screenshot, console_errors
):
    page.set_viewport_size({"width": 1400, "height": 1000})
    expect(
        page.get_by_role("heading", name="Donate clicks, last 7 days")
    ).to_be_visible()
    screenshot(page, "fundraising-dashboard")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Donate clicks", exact=True).click()
    page.wait_for_url(f"**{REPORT}")
    expect(page.get_by_role("heading", name="A/B tests")).to_be_visible()
    expect(page.locator("svg.dr-chart__svg")).to_be_visible()
    expect(
        page.get_by_role("table", name="Impressions, clicks and gifts per day")
    ).to_be_visible()
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 1400, "height": 4400})
    screenshot(page, "fundraising-report")

    page.set_viewport_size({"width": 1400, "height": 1000})
    page.get_by_role("link", name="Impressions", exact=True).first.click()
    page.wait_for_url("**cta_sort=-impressions**")
    sorted_header = page.locator("#calls-to-action th[aria-sort=descending]")
    expect(sorted_header).to_have_text(re.compile(r"^Impressions"))
    # A money column sorts too, named in full for screen readers.
    page.get_by_role("link", name="Average gift").first.click()
    page.wait_for_url("**cta_sort=-average**")
    expect(sorted_header).to_contain_text("Average gift")
    page.get_by_label("Dates I choose").check()
    page.get_by_label("From", exact=True).fill("2026-03-10")
    page.get_by_label("To", exact=True).fill("2026-03-01")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert_no_axe_violations(page)
    screenshot(page, "fundraising-report-errors")
    assert console_errors == []


def test_ab_test_pages_as_a_fundraiser_sees_them(
    page, signed_in_fundraiser, screenshot
):
    site = signed_in_fundraiser
    test = CallToActionTest.objects.get(ended_at__isnull=True)

    page.goto(f"{site}{REPORT}ab-tests/{test.pk}/")
    expect(page.get_by_role("heading", name="How the figures are read")).to_be_visible()
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 1400, "height": 1400})
    screenshot(page, "fundraising-ab-test")

    page.get_by_role("link", name="End the test and keep one version…").click()
    page.get_by_role("group", name="Which version should everyone see").wait_for()
    assert_no_axe_violations(page)
    screenshot(page, "fundraising-ab-test-end")


def test_variants_are_edited_on_their_own_tab(page, signed_in_fundraiser, screenshot):
    site = signed_in_fundraiser
    cta = CallToActionTest.objects.get(ended_at__isnull=True).call_to_action

    page.goto(f"{site}/admin/snippets/donations/donationcalltoaction/edit/{cta.pk}/")
    page.get_by_role("tab", name="A/B test").click()
    expect(page.get_by_text("A test is running")).to_be_visible()
    page.get_by_role("button", name="Add Variant").click()
    page.set_viewport_size({"width": 1400, "height": 2200})
    screenshot(page, "fundraising-variants-tab")


def ab_page(site, page, cta) -> str:
    """An article with `cta` in its body and the site default at its foot."""
    article = ArticlePageFactory(
        parent=TopicIndexPage.objects.get(slug="about-ms"),
        title="Immune",
        body=[{"type": "donation_call_to_action", "value": cta.pk}],
    )
    return site + article.url


@pytest.fixture
def tested_cta(demo_site):
    cta = with_variants(
        DonationCallToActionFactory(
            heading="Control heading", button_label="Control button"
        ),
        {"heading": "Variant heading", "button_label": "Variant button"},
    )
    return cta, CallToActionTest.objects.get(call_to_action=cta)


def shown_tokens(page, cta) -> list[ClickLink]:
    """The signed links of the buttons on the page for one call to action."""
    tokens = page.eval_on_selector_all(
        "[data-donation-token]", "els => els.map(e => e.dataset.donationToken)"
    )
    links = [ClickLink.from_token(token) for token in tokens]
    return [link for link in links if link.cta_id == cta.pk]


def test_each_page_view_shows_one_version_and_counts_it(
    page, demo_site, tested_cta, screenshot, console_errors
):
    cta, test = tested_cta
    url = ab_page(demo_site, page, cta)
    seen = set()
    for _ in range(12):
        # Each page view reports the version it shows (the button is in view).
        with page.expect_response(is_beacon):
            page.goto(url)
        body = page.locator(".donation-cta[data-placement=body]")
        # No templates are left, and the visible button is the chosen version's.
        expect(page.locator("template[data-donation-variant]")).to_have_count(0)
        [link] = shown_tokens(page, cta)
        assert (link.ab_test, link.assigned) == (test.pk, True)
        heading = body.locator(".donation-cta__heading").inner_text()
        assert heading == {"control": "Control heading"}.get(
            link.variant, "Variant heading"
        )
        seen.add(link.variant)
        if len(seen) == 2:
            break
    assert seen == set(test.variant_keys)  # both versions turn up
    assert DonationImpression.objects.filter(
        call_to_action=cta, assigned=True, ab_test=test.pk
    ).exists()
    assert not DonationImpression.objects.filter(
        call_to_action=cta, assigned=False
    ).exists()
    assert_no_axe_violations(page)
    screenshot(page, "ab-test-version-shown")

    page.locator(".donation-cta[data-placement=body] .donation-cta__button").click()
    # Redirected to the donate page: the click was stored before the redirect.
    page.wait_for_url("**/donate/**")
    click = DonationClick.objects.get(call_to_action=cta)
    assert (click.ab_test, click.assigned) == (test.pk, True)
    assert console_errors == []


def test_the_same_version_shows_wherever_the_call_to_action_appears(
    page, demo_site, tested_cta
):
    cta, test = tested_cta
    from wagtail.models import Site

    from donations.models import DonationSettings

    settings = DonationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_call_to_action = cta  # the page's footer shows it too
    settings.save()
    url = ab_page(demo_site, page, cta)

    for _ in range(6):
        page.goto(url)
        links = shown_tokens(page, cta)
        assert [link.placement for link in links] == ["body", "foot"]
        assert len({link.variant for link in links}) == 1


@pytest.mark.parametrize(
    "opt_out",
    [
        "Object.defineProperty(navigator, 'globalPrivacyControl', {get: () => true})",
        "Object.defineProperty(navigator, 'doNotTrack', {get: () => '1'})",
    ],
)
def test_visitors_who_opt_out_see_the_control_and_are_left_out(
    page, demo_site, tested_cta, opt_out
):
    cta, test = tested_cta
    page.add_init_script(opt_out)
    beacons = beacons_sent(page)
    page.goto(ab_page(demo_site, page, cta))

    button = page.get_by_role("link", name="Control button")
    expect(button).to_be_visible()
    # The script has run: it leaves the control (no longer pending) and, for
    # visitors it may not count, stops there, so no beacon can follow.
    expect(page.locator(".donation-cta--pending")).to_have_count(0)
    [link] = shown_tokens(page, cta)
    assert (link.variant, link.ab_test, link.assigned) == ("control", test.pk, False)
    assert beacons == []
    assert not DonationImpression.objects.filter(call_to_action=cta).exists()

    button.click()
    page.wait_for_url("**/donate/**")
    assert DonationClick.objects.get(call_to_action=cta).assigned is False
    assert beacons == []


def test_without_javascript_the_control_shows_and_clicks_are_left_out(
    browser, demo_site, tested_cta
):
    cta, test = tested_cta
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(ab_page(demo_site, page, cta))

    button = page.get_by_role("link", name="Control button")
    expect(button).to_be_visible()
    button.click()
    page.wait_for_url("**/donate/**")
    click = DonationClick.objects.get(call_to_action=cta)
    assert (click.ab_test, click.assigned) == (test.pk, False)
    context.close()
