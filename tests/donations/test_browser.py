"""Real-browser checks of the donate page and a donate button, in Chromium."""

import re
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from donations.choices import Destination
from donations.models import DonationCallToAction, DonationClick, DonationImpression
from donations.payments.reference import Reference
from pages.models import ArticlePage
from tests.a11y import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROVIDER_PAGE = "https://donate.example.org/**"


@pytest.fixture
def provider_requests(page):
    """Stands in for the payment provider's site, which tests cannot reach."""
    seen = []

    def fulfil(route):
        seen.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<h1>Thank you</h1>")

    page.route(PROVIDER_PAGE, fulfil)
    return seen


def views(cta, page) -> int:
    """Impressions of `cta` in the body of `page`, all hours together."""
    rows = DonationImpression.objects.filter(
        call_to_action=cta, source_page=page, placement="body"
    )
    return rows.aggregate(total=Sum("count"))["total"] or 0


def is_beacon(response) -> bool:
    return urlsplit(response.url).path == "/donations/seen/"


# Keeps a note of every beacon the page's script sends, before it runs.
COUNT_BEACONS = """
    window.beaconsSent = 0;
    const send = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (...args) => {
        window.beaconsSent += 1;
        return send(...args);
    };
"""

# Resolves once an observer of our own has had its first report on the
# button. Observers report in the order they were made, so by then the
# page's own (made as the page loaded) has had its first report too, and
# sent a beacon if it was ever going to for where the button is now.
SEEN_AS_IT_IS = """
    button => new Promise(resolve => {
        const observer = new IntersectionObserver(() => {
            observer.disconnect();
            resolve(window.beaconsSent);
        });
        observer.observe(button);
    })
"""


def test_donate_page_has_no_accessibility_violations(
    page, demo_site, screenshot, console_errors
):
    page.goto(demo_site + "/donate/")

    expect(page.get_by_role("heading", name="Give once")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "donate-desktop")
    page.set_viewport_size({"width": 375, "height": 800})
    assert_no_axe_violations(page)
    screenshot(page, "donate-mobile")
    assert console_errors == []


def test_bad_amount_shows_errors_that_take_focus(
    page, demo_site, screenshot, console_errors
):
    page.goto(demo_site + "/donate/")
    form = page.locator("#monthly-form")

    form.get_by_label("Other amount, in pounds").fill("12.50")
    expect(form.get_by_label("Other amount", exact=True)).to_be_checked()
    with page.expect_navigation():
        form.get_by_role("button", name="Continue to give monthly").click()

    expect(page).to_have_title(re.compile(r"^Error:"))
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    # A region named by its heading (valid HTML: see test_html_validity), focused.
    expect(page.get_by_role("region", name="There is a problem")).to_be_focused()
    page.get_by_role("link", name="Enter a whole number of pounds").click()
    expect(page.locator("#monthly-other-amount")).to_be_focused()
    assert_no_axe_violations(page)
    screenshot(page, "donate-errors")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "donate-errors-mobile")
    assert console_errors == []


def test_good_amount_reaches_the_provider_through_the_csp(
    page, demo_site, provider_requests, console_errors
):
    # The CSP is enforced here: form-action must allow the provider's origin,
    # or Chromium blocks the redirect that follows the submission.
    page.goto(demo_site + "/donate/?cta=donate-now")

    page.locator("#one-off-form").get_by_label("£25").check()
    page.locator("#one-off-form").get_by_label("Fund research only").check()
    page.get_by_role("button", name="Continue to give once").click()
    page.wait_for_url(PROVIDER_PAGE)

    query = parse_qs(urlsplit(page.url).query)
    # The signed reference and campaign tags go along (see tests/donations/payments).
    assert query.pop("ref") == query.pop("client_reference_id")
    assert {key: query.pop(key) for key in list(query) if key.startswith("utm_")}
    assert query == {
        "amount": ["25"],
        "frequency": ["one-off"],
        "designation": ["research"],
        "gift_aid": ["no"],
        "cta": ["donate-now"],
    }
    assert console_errors == []


def test_donate_button_in_an_article_is_seen_clicked_and_counted_once(
    page, demo_site, provider_requests, screenshot
):
    # The demo places this prompt in the immune-system article's body; point it
    # at the provider, since only external destinations get campaign tags.
    cta = DonationCallToAction.objects.get(slug="immune-system-article")
    cta.destination = Destination.EXTERNAL
    cta.external_url = "https://donate.example.org/stop-ms"
    cta.suggested_amount = None
    cta.save_revision().publish()
    article = ArticlePage.objects.get(slug="immune-system-and-ms")
    # A short window, so the button starts below the fold.
    page.set_viewport_size({"width": 1280, "height": 250})
    # The demo's generated history already counts this prompt: measure from now.
    started = timezone.now()
    before = views(cta, article)
    page.add_init_script(COUNT_BEACONS)
    page.goto(f"{demo_site}/about-ms/immune-system-and-ms/")

    # The demo runs an A/B test on this prompt: whichever version shows, once
    # the script has chosen (no template left).
    expect(page.locator("template[data-donation-variant]")).to_have_count(0)
    button = page.locator(".donation-cta[data-placement=body] .donation-cta__button")
    assert button.evaluate(SEEN_AS_IT_IS) == 0  # below the fold: not seen
    with page.expect_response(is_beacon) as beacon:
        button.scroll_into_view_if_needed()
    assert beacon.value.status == 204
    assert views(cta, article) == before + 1
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_no_axe_violations(page)
    screenshot(page, "donate-button-in-article")

    button.click()
    page.wait_for_url(PROVIDER_PAGE)
    landed = urlsplit(page.url)
    assert landed.path == "/stop-ms"
    query = parse_qs(landed.query)
    assert Reference.decode(query.pop("ref")[0]).cta_id == cta.pk
    assert query == {
        "utm_source": ["localhost"],
        "utm_medium": ["donate-button"],
        "utm_campaign": ["immune-system-article"],
        "utm_content": ["body"],
    }
    clicks = DonationClick.objects.filter(call_to_action=cta, clicked_at__gte=started)
    click = clicks.get()
    assert (click.call_to_action_id, click.source_page_id) == (cta.pk, article.pk)
    assert not click.is_bot and not click.is_duplicate
    assert click.device_class == "desktop"

    with page.expect_response(is_beacon):
        page.go_back()
    button.click()
    page.wait_for_url(PROVIDER_PAGE)
    assert clicks.count() == 2
    assert clicks.filter(is_duplicate=False, is_bot=False).count() == 1
    # Two page views, each seeing the button once.
    assert views(cta, article) == before + 2


def test_editing_a_call_to_action_in_the_admin(page, demo_site, screenshot):
    get_user_model().objects.create_superuser("fundraiser", "f@example.org", "pw")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(demo_site + "/admin/login/")
    page.get_by_label("Username").fill("fundraiser")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")

    page.goto(demo_site + "/admin/snippets/donations/donationcalltoaction/")
    screenshot(page, "admin-calls-to-action")
    page.get_by_role("link", name="Immune system article: stop the attacks").click()
    page.locator("#id_heading").wait_for()
    page.set_viewport_size({"width": 1280, "height": 2000})
    screenshot(page, "admin-call-to-action-edit")

    page.get_by_label("Button goes to").select_option("external")
    page.get_by_label("Other website's address").fill("https://pay.evil.example/")
    page.get_by_label("Suggested amount").fill("")
    page.get_by_role("button", name="Save draft").click()
    message = page.get_by_text("cannot link to pay.evil.example")
    message.wait_for()
    message.scroll_into_view_if_needed()
    screenshot(page, "admin-call-to-action-allow-list-error")
