"""The search page in Chromium: axe with and without results, phone width too."""

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 740}


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_search_page_with_results_is_accessible(page, demo_site, screenshot, viewport):
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    page.goto(demo_site + "/search/?q=myelin")

    expect(page.get_by_role("heading", name="results for “myelin”")).to_be_visible()
    assert page.locator("mark").first.is_visible()
    assert_no_axe_violations(page)
    screenshot(page, f"search-results-{viewport}")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_search_page_without_results_is_accessible(
    page, demo_site, screenshot, viewport
):
    if viewport == "phone":
        page.set_viewport_size(PHONE)
    page.goto(demo_site + "/search/?q=xylophone")

    expect(
        page.get_by_role("heading", name="No results for “xylophone”")
    ).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, f"search-no-results-{viewport}")


def test_header_search_form_works_without_javascript(browser, demo_site, screenshot):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(demo_site + "/")

    page.get_by_label("Search the site", exact=True).fill("HERCULES")
    page.get_by_role("search", name="Site").get_by_role("button").click()
    page.wait_for_url(lambda url: url.endswith("/search/?q=HERCULES"))

    first = page.locator(".search-result__title a").first
    expect(first).to_have_text(
        "HERCULES: tolebrutinib for non-relapsing secondary progressive MS"
    )
    # axe cannot run with JavaScript off; the tests above check this page.
    screenshot(page, "search-from-header-phone")
    context.close()
