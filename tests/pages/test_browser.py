"""Real-browser checks: Chromium through Playwright, accessibility through axe."""

import pytest

from tests.a11y import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback restores what data migrations made (root page,
    # default site, groups) after the transactional flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_page_has_no_accessibility_violations(
    page, demo_site, screenshot, console_errors
):
    page.goto(demo_site + "/")

    assert_no_axe_violations(page)
    screenshot(page, "home")
    assert console_errors == []


def test_skip_link_takes_keyboard_users_to_the_main_content(page, demo_site):
    page.goto(demo_site + "/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert skip_link.evaluate("element => element === document.activeElement")
    assert skip_link.is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_404_page_has_no_accessibility_violations(page, demo_site, screenshot):
    response = page.goto(demo_site + "/no-such-page/")

    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    assert page.get_by_role("navigation", name="Main").is_visible()
    assert_no_axe_violations(page)
    screenshot(page, "404")


def test_small_screens_get_a_menu_button_that_works_by_keyboard(
    page, demo_site, screenshot
):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(demo_site + "/")
    menu = page.get_by_role("button", name="Menu")
    about = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="About MS"
    )

    assert menu.get_attribute("aria-expanded") == "false"
    assert not about.is_visible()

    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    assert about.is_visible()
    assert_no_axe_violations(page)
    screenshot(page, "home-mobile-menu")

    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
