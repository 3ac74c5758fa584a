"""Stories, guided hubs and pictures in Chromium: accessibility at phone and
desktop widths, pictures that never shift the page, filters by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.a11y import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STORY = "/stories/kwame-finding-my-way-back/"
WIDTHS = {"phone": 390, "desktop": 1280}

# Layout shifts since the page started loading, from the browser's own record.
LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) {
            if (!entry.hadRecentInput) total += entry.value;
        }
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(total), 300);
})"""

IMAGES = """() => Array.from(document.images).map(img => ({
    src: img.currentSrc,
    width: img.getAttribute("width"),
    height: img.getAttribute("height"),
    loading: img.getAttribute("loading"),
    top: img.getBoundingClientRect().top + window.scrollY,
    inPicture: img.parentElement.tagName === "PICTURE",
    srcset: img.getAttribute("srcset")
        || img.parentElement.querySelector("source")?.getAttribute("srcset")
        || "",
}))"""


def scroll_through(page) -> None:
    """Scroll to the bottom and back, as a reader would, so lazy pictures load."""
    height = page.evaluate("document.body.scrollHeight")
    for _ in range(0, height, 500):
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, 0)")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("story", STORY),
        ("stories", "/stories/"),
        ("home", "/"),
        ("hub", "/about-ms/"),
        ("article", "/about-ms/immune-system-and-ms/"),
    ],
)
def test_pages_with_pictures_are_accessible_and_never_shift(
    page, demo_site, screenshot, console_errors, name, path, width
):
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.goto(demo_site + path)
    scroll_through(page)

    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]
    assert page.evaluate(LAYOUT_SHIFT) < 0.01
    images = page.evaluate(IMAGES)
    assert images, "every one of these pages has pictures"
    for image in images:
        assert image["width"] and image["height"], image["src"]
        assert " 2x" not in image["srcset"]
        assert "w," in image["srcset"] or "w " in image["srcset"], image["src"]
        if image["top"] > 1200:
            assert image["loading"] == "lazy", image["src"]
    screenshot(page, f"pictures-{name}-{width}")
    assert console_errors == []


def test_the_content_note_comes_first_and_names_the_helpline(page, demo_site):
    page.goto(demo_site + STORY)

    note = page.get_by_role("note", name="Content note")
    expect(note).to_contain_text("depression")
    expect(note.get_by_role("link", name="0808 800 0000")).to_be_visible()
    quote = page.locator(".pull-quote")
    assert note.bounding_box()["y"] < quote.bounding_box()["y"]


def test_visitors_filter_stories_by_keyboard_and_an_odd_link_gets_a_notice(
    page, demo_site, screenshot
):
    page.goto(demo_site + "/stories/?kind=dragons")
    expect(page.get_by_text("We did not recognise the kind of story")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "stories-notice")

    page.get_by_label("Fundraisers (1 story)").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Show stories").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="1 story")).to_be_visible()
    assert "kind=fundraiser" in page.url
    story = page.get_by_role("link", name="Three peaks in one day, for my dad")
    expect(story).to_be_visible()
    remove = page.get_by_role("link", name=re.compile("Fundraisers.*remove this"))
    expect(remove).to_be_visible()
