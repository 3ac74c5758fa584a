"""Articles, hubs and glossary in Chromium: accessibility, keyboard, print, admin."""

import time

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from pages.models import ArticlePage, PageFeedback
from tests.a11y import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTICLE = "/about-ms/immune-system-and-ms/"


def wait_until(page, condition: str, timeout: float = 5.0) -> None:
    """Poll a JavaScript expression; wait_for_function needs eval, which CSP blocks."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"() => Boolean({condition})"):
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out waiting for {condition}")
        page.wait_for_timeout(50)


def test_article_has_no_accessibility_violations(
    page, demo_site, screenshot, console_errors
):
    page.goto(demo_site + ARTICLE)

    assert page.get_by_role("heading", name="Key points").is_visible()
    assert page.get_by_role("navigation", name="Contents").is_visible()
    helpline = page.get_by_role("complementary", name="Need to talk?")
    assert helpline.is_visible()
    # On a wide screen the helpline sits in the side column, beside the key points.
    key_points = page.locator(".key-points").bounding_box()
    box = helpline.bounding_box()
    assert box["x"] >= key_points["x"] + key_points["width"]
    assert box["y"] < key_points["y"] + key_points["height"]
    assert_no_axe_violations(page)
    screenshot(page, "article-desktop")
    assert console_errors == []


def test_on_a_phone_the_helpline_comes_right_after_the_key_points(
    page, demo_site, screenshot
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_site + ARTICLE)
    key_points = page.locator(".key-points").bounding_box()
    helpline = page.get_by_role("complementary", name="Need to talk?")
    box = helpline.bounding_box()
    contents = page.get_by_role("navigation", name="Contents").bounding_box()

    # Seen in this order, one below the other, at the width of the column.
    assert key_points["y"] + key_points["height"] <= box["y"]
    assert box["y"] + box["height"] <= contents["y"]
    assert box["y"] - (key_points["y"] + key_points["height"]) < 60
    assert abs(box["x"] - key_points["x"]) < 1
    # And read and tabbed through in the same order.
    assert (
        page.evaluate(
            """() => {
            const order = [...document.querySelectorAll(
                ".key-points, .signposting, .toc")].map(el => el.className);
            return order.join(" | ");
        }"""
        )
        == "key-points article__key-points | signposting | toc"
    )
    assert (
        helpline.get_by_role("link", name="0808 800 0000").get_attribute("href")
        == "tel:08088000000"
    )
    assert (
        helpline.get_by_role("link", name="helpline@example.org").get_attribute("href")
        == "mailto:helpline@example.org"
    )
    assert "Open Monday to Friday, 9am to 7pm." in helpline.inner_text()
    assert_no_axe_violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing spills sideways
    screenshot(page, "article-mobile")


@pytest.mark.parametrize("path", ["/about-ms/", "/treatments/", "/glossary/"])
def test_hubs_and_glossary_have_no_accessibility_violations(
    page, demo_site, screenshot, path
):
    page.goto(demo_site + path)

    assert_no_axe_violations(page)
    screenshot(page, "page" + path.replace("/", "-").rstrip("-"))


def test_contents_links_move_keyboard_users_to_the_section(page, demo_site):
    page.emulate_media(reduced_motion="reduce")  # jump rather than glide
    page.goto(demo_site + ARTICLE)
    contents = page.get_by_role("navigation", name="Contents")
    link = contents.get_by_role("link", name="Can DMTs stop progression?")

    # Tab through the page until the link has focus, as a keyboard user would.
    for _ in range(40):
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("The contents link never received focus")
    page.keyboard.press("Enter")

    wait_until(page, "location.hash === '#can-dmts-stop-progression'")
    section = page.locator("#can-dmts-stop-progression")
    assert section.is_visible()
    # Scrolled to the top of the window.
    wait_until(
        page,
        "Math.abs(document.getElementById('can-dmts-stop-progression')"
        ".getBoundingClientRect().top) < 200",
    )


def test_glossary_explanations_open_and_close_by_keyboard(page, demo_site, screenshot):
    page.goto(demo_site + ARTICLE)
    term = page.locator("a.glossary-term").first
    name = term.inner_text()

    term.focus()
    assert term.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")

    tip = page.locator(".glossary-tip")
    assert tip.is_visible()
    assert tip.get_attribute("role") == "status"
    assert "protective coating around nerves" in tip.inner_text()
    assert term.get_attribute("aria-expanded") == "true"
    assert page.evaluate("location.hash") == ""  # the link did not jump away
    assert_no_axe_violations(page)
    screenshot(page, "article-glossary-tip")

    page.keyboard.press("Escape")
    assert tip.count() == 0
    assert term.evaluate("el => el === document.activeElement")
    assert name.lower() == "myelin"

    page.keyboard.press(" ")  # buttons also open with the space bar
    assert page.locator(".glossary-tip").is_visible()


def test_glossary_explanations_work_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + ARTICLE)
    term = page.locator("a.glossary-term").first

    description = term.get_attribute("aria-describedby")
    assert "protective coating" in page.locator(f"#{description}").inner_text()
    term.focus()
    page.keyboard.press("Enter")
    wait_until(page, "location.hash === '#term-myelin'")
    page.get_by_role("link", name="Back to the text about myelin").click()
    wait_until(page, "location.hash === '#term-myelin-ref'")
    context.close()


def test_feedback_is_sent_in_place_with_javascript(page, demo_site):
    page.goto(demo_site + ARTICLE)
    feedback = page.get_by_role("region", name="Was this page helpful?")

    feedback.get_by_label("Yes", exact=True).check()
    feedback.get_by_label("Tell us more (optional)").fill("Clear, thank you.")
    feedback.get_by_role("button", name="Send feedback").click()

    status = feedback.get_by_role("status")
    status.wait_for()
    assert status.inner_text() == "Thank you for your feedback."
    assert PageFeedback.objects.get().comment == "Clear, thank you."
    assert page.context.cookies() == []


def test_feedback_works_without_javascript(browser, demo_site, screenshot):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + ARTICLE)

    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Send feedback").click()

    # Without JavaScript the click navigates; expect() waits for the new page.
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    screenshot(page, "feedback-thanks")
    page.get_by_role("link", name="Back to “The immune system and MS”").click()
    page.wait_for_url(f"**{ARTICLE}")
    assert PageFeedback.objects.get().helpful is False
    context.close()


def test_feedback_answer_page_has_no_accessibility_violations(page, demo_site):
    page.goto(demo_site + ARTICLE)
    page.get_by_label("Yes", exact=True).check()
    # Submit as a browser without JavaScript would (axe itself needs scripts).
    with page.expect_navigation():
        page.locator(".feedback__form").evaluate("form => form.submit()")

    assert page.get_by_role("heading", name="Thank you").is_visible()
    assert_no_axe_violations(page)


def test_article_prints_without_navigation_and_with_sources(
    page, demo_site, screenshot
):
    page.goto(demo_site + ARTICLE)
    page.emulate_media(media="print")

    def display(selector: str) -> str:
        return page.locator(selector).first.evaluate(
            "el => getComputedStyle(el).display"
        )

    hidden = (".primary-nav", ".site-search", ".breadcrumbs", ".toc", ".feedback")
    for each in (*hidden, ".related"):
        assert display(each) == "none", each
    # Buttons print as their words, without a donate link's signed address.
    donate = page.locator("a.button--donate").first
    assert "/donations/go/" in donate.get_attribute("href")
    assert donate.evaluate("el => getComputedStyle(el, '::after').content") in {
        "none",
        '""',
    }
    assert donate.evaluate("el => getComputedStyle(el).backgroundImage") == "none"
    assert donate.evaluate("el => getComputedStyle(el).backgroundColor") in {
        "rgba(0, 0, 0, 0)",
        "transparent",
    }
    assert display(".sources") != "none"
    assert display(".provenance") != "none"
    source_link = page.locator(".sources a").first
    after = source_link.evaluate("el => getComputedStyle(el, '::after').content")
    assert "https://" in after  # links are written out on paper
    screenshot(page, "article-print")
    page.pdf(path=str(screenshot(page, "article-print").with_suffix(".pdf")))


def login(page, server_url):
    get_user_model().objects.create_superuser("admin", "admin@example.org", "admin")
    page.goto(server_url + "/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("admin")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def test_editor_sees_tabs_and_a_clear_refusal_to_publish(page, demo_site, screenshot):
    login(page, demo_site)
    article = ArticlePage.objects.get(slug="vitamin-d-and-ms")
    screenshot(page, "admin-dashboard")
    page.goto(demo_site + f"/admin/pages/{article.pk}/edit/")
    for tab in ("Content", "Review and sources", "Reading aids", "Promote"):
        assert page.get_by_role("tab", name=tab).is_visible()
    screenshot(page, "admin-article-edit")

    page.get_by_role("tab", name="Review and sources").click()
    page.get_by_label("Date last reviewed").fill("")
    page.keyboard.press("Escape")
    screenshot(page, "admin-article-review-tab")
    page.locator("[name=reviewer]").evaluate("el => el.value = ''")
    with page.expect_navigation():
        page.locator("button[name=action-publish]").evaluate("el => el.click()")

    assert page.get_by_text("The page could not be saved").is_visible()
    # Listed at the top, and again beside each field.
    summary = page.get_by_role("status")
    expect(summary.get_by_text("Not published: an article needs")).to_be_visible()
    page.get_by_role("tab", name="Review and sources").click()
    field_errors = page.locator(".error-message")
    expect(
        field_errors.get_by_text("Choose the clinical reviewer who checked")
    ).to_be_visible()
    expect(
        field_errors.get_by_text("Enter the date the article was last reviewed.")
    ).to_be_visible()
    screenshot(page, "admin-article-publish-refused")
    assert ArticlePage.objects.get(pk=article.pk).reviewer_id is not None


def test_editor_reports(page, demo_site, screenshot):
    login(page, demo_site)
    page.goto(demo_site + "/admin/reports/review-due/")
    assert page.get_by_role("heading", name="Content due for review").is_visible()
    assert page.get_by_role("link", name="Vitamin D and MS").is_visible()
    screenshot(page, "admin-review-due-report")

    article = ArticlePage.objects.get(slug="vitamin-d-and-ms")
    PageFeedback.objects.create(page=article, helpful=True, comment="Useful.")
    page.goto(demo_site + f"/admin/reports/feedback/?page={article.pk}")
    assert page.get_by_text("Useful.").is_visible()
    screenshot(page, "admin-feedback-report")

    hub = ArticlePage.objects.get(slug="btk-inhibitors").get_parent()
    page.goto(demo_site + f"/admin/pages/{hub.pk}/")
    assert page.get_by_role("columnheader", name="Review due").is_visible()
    screenshot(page, "admin-hub-listing")


def test_clinician_approves_in_the_modal_with_the_clinical_review_box(
    page, demo_site, screenshot
):
    login(page, demo_site)
    admin = get_user_model().objects.get(username="admin")
    article = ArticlePage.objects.get(slug="vitamin-d-and-ms")
    article.save_revision(user=admin)
    article.get_workflow().start(article, admin)

    page.goto(demo_site + f"/admin/pages/{article.pk}/edit/")
    page.locator("button[data-workflow-action-name=approve]").evaluate(
        "el => el.click()"
    )
    checkbox = page.get_by_label("Clinical review done")
    checkbox.wait_for()
    page.wait_for_timeout(500)  # let the modal finish fading in
    screenshot(page, "admin-medical-approval")
    checkbox.check()
    with page.expect_navigation():
        page.get_by_role("dialog").get_by_role("button", name="Approve").click()

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.last_reviewed == timezone.localdate()
    assert not article.has_unpublished_changes
