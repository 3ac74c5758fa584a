"""Reading comfort on every page type, in Chromium: dark and light themes,
reflow at 320 CSS pixels, text at 200%, forced colours and reduced motion.

Many people with MS read with sight problems (optic neuritis) or fatigue, in
dark mode or with large text. One browser page per page type goes through
every check, so each page type costs a few seconds.
"""

import pytest

from tests.a11y import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGE_TYPES = {
    "home": "/",
    "hub": "/about-ms/",
    "article": "/about-ms/immune-system-and-ms/",
    "standard": "/privacy/",
    "glossary": "/glossary/",
    # Filtered, with the filters' form and portraits on the cards.
    "stories": "/stories/?kind=carer",
    # With a content note and a pull quote.
    "story": "/stories/kwame-finding-my-way-back/",
    # With the notice about an unknown filter and the filters' form.
    "research-hub": "/research/?phase=bogus",
    # Recruiting: how to take part, contacts and the demo-content notice.
    "project": "/research/pacing-for-fatigue/",
    # With the error summary and the fields in error.
    "donate": "/donate/give/?frequency=monthly&amount=other&other_amount=12.50",
    # With highlighted words (<mark>).
    "search": "/search/?q=fatigue",
    "not-found": "/no-such-page/",
}

# Content cut off: an element that hides what does not fit, with more than fits.
CLIPPED = """() => [...document.querySelectorAll("body *")].filter(el => {
    const style = getComputedStyle(el);
    const hides = ["hidden", "clip"];
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) return false;  // visually hidden
    return (hides.includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
        || (hides.includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
}).map(el => el.outerHTML.slice(0, 120))"""

# Links, buttons and fields drawn over one another, line box by line box (a
# link that wraps has a box on each line).
OVERLAPS = """() => {
    const controls = [...document.querySelectorAll(
        "a[href], button, input:not([type=hidden]), select, textarea, summary"
    )].filter(el => el.checkVisibility() && el.getBoundingClientRect().width > 1);
    const found = [];
    controls.forEach((a, i) => controls.slice(i + 1).forEach(b => {
        if (a.contains(b) || b.contains(a)) return;
        for (const r of a.getClientRects()) for (const s of b.getClientRects()) {
            const x = Math.min(r.right, s.right) - Math.max(r.left, s.left);
            const y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
            if (x > 2 && y > 2) found.push([a.outerHTML.slice(0, 80),
                                            b.outerHTML.slice(0, 80)]);
        }
    }));
    return found;
}"""

# Chromium's default sizes, in pixels, and twice them.
DEFAULT_FONT_SIZES = {"standard": 16, "fixed": 13}
DOUBLE_FONT_SIZES = {"standard": 32, "fixed": 26}

SPILLS_SIDEWAYS = "document.documentElement.scrollWidth > window.innerWidth"

# What moves: anything animating or transitioning for longer than 0.01 s.
MOVING = """() => [...document.querySelectorAll("*")].flatMap(el => {
    const style = getComputedStyle(el);
    const seconds = value => Math.max(...value.split(",").map(part =>
        part.trim().endsWith("ms") ? parseFloat(part) / 1000 : parseFloat(part)));
    const animated = style.animationName !== "none"
        && seconds(style.animationDuration) > 0.01;
    const moving = animated || seconds(style.transitionDuration) > 0.01;
    return moving ? [el.outerHTML.slice(0, 80)] : [];
})"""

FOCUS_STYLE = """() => {
    const style = getComputedStyle(document.activeElement);
    return {element: document.activeElement.outerHTML.slice(0, 80),
            outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
            colour: style.outlineColor};
}"""

CONTROL_BORDERS = """() => [...document.querySelectorAll(
    "button, .button, input[type=text], input[type=search], select, textarea"
)].filter(el => el.checkVisibility()).map(el => {
    const style = getComputedStyle(el);
    return {element: el.outerHTML.slice(0, 80), style: style.borderTopStyle,
            width: parseFloat(style.borderTopWidth), colour: style.borderTopColor};
})"""


def test_every_page_type_reads_comfortably_in_every_setting(
    page, demo_site, screenshot, subtests
):
    # One test with a subtest a page type: the demo site is set up once.
    devtools = page.context.new_cdp_session(page)
    for name, path in PAGE_TYPES.items():
        with subtests.test(page_type=name):
            check_page(page, devtools, demo_site + path, screenshot, name)
        # Back to the defaults, however far the checks went.
        devtools.send("Page.setFontSizes", {"fontSizes": DEFAULT_FONT_SIZES})
        page.emulate_media(
            color_scheme="light", forced_colors="none", reduced_motion="no-preference"
        )


def check_page(page, devtools, url: str, screenshot, name: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(url)

    # Light and dark themes, each with WCAG 2.2 AA contrast, desktop and phone.
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size({"width": 1280, "height": 800})
        assert_no_axe_violations(page)
        screenshot(page, f"comfort-{name}-desktop-{scheme}")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, f"comfort-{name}-phone-{scheme}")
    assert (
        page.evaluate("getComputedStyle(document.body).backgroundColor")
        == "rgb(22, 20, 27)"
    ), "the dark theme applies"

    # WCAG 1.4.10: at 320 CSS pixels (1280 at 400%) one column, no sideways
    # scrolling, nothing cut off.
    page.set_viewport_size({"width": 320, "height": 640})
    assert not page.evaluate(SPILLS_SIDEWAYS)
    assert page.evaluate(CLIPPED) == []
    assert page.evaluate(OVERLAPS) == []

    # WCAG 1.4.4: text at 200%, as a reader gets it by doubling the browser's
    # font size (Chromium's own setting, through DevTools): all our sizes are
    # in rem or em, so all text doubles, and the breakpoints, also in em, move
    # with it, as they do for that reader. The window stays 1280 pixels wide,
    # where pixel-sized boxes would overlap or clip text. (Page zoom to 200% is
    # a 640-pixel window: the 320-pixel check above is stricter.)
    page.set_viewport_size({"width": 1280, "height": 800})
    devtools.send("Page.setFontSizes", {"fontSizes": DOUBLE_FONT_SIZES})
    page.reload()  # the menu script reads the breakpoints as the page loads
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "36px"
    assert not page.evaluate(SPILLS_SIDEWAYS)
    assert page.evaluate(CLIPPED) == []
    assert page.evaluate(OVERLAPS) == []
    # The window only: a full-page screenshot resets DevTools' font sizes.
    screenshot(page, f"comfort-{name}-text-200", full_page=False)
    devtools.send("Page.setFontSizes", {"fontSizes": DEFAULT_FONT_SIZES})

    # Forced colours (Windows high contrast): focus stays visible on every stop
    # the Tab key reaches first, and buttons and fields keep their edges.
    # Backgrounds and shadows are dropped there, so focus must show as an
    # outline, which the browser draws in a system colour.
    page.emulate_media(color_scheme="light", forced_colors="active")
    for _ in range(8):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        assert focus["outline"] != "none" and focus["width"] >= 2, focus
        assert focus["colour"] != "rgba(0, 0, 0, 0)", focus
    controls = page.evaluate(CONTROL_BORDERS)
    assert controls, "every page type has at least the search form"
    for control in controls:
        assert control["style"] != "none" and control["width"] >= 1, control
        assert control["colour"] != "rgba(0, 0, 0, 0)", control
    screenshot(page, f"comfort-{name}-forced-colours")

    # Reduced motion: nothing glides or animates.
    page.emulate_media(forced_colors="none", reduced_motion="reduce")
    assert page.evaluate(
        "getComputedStyle(document.documentElement).scrollBehavior"
    ) == ("auto")
    assert page.evaluate(MOVING) == []
