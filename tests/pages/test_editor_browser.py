"""The page editor in Chromium, as editors use it: live preview and publishing."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.html import strip_tags

from wagtail.models import Page

import pytest
import time_machine
from playwright.sync_api import expect

from pages.models import ArticlePage, ClinicalReviewer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def editor_page(page, demo_content, server_url):
    """A signed-in superuser's browser tab; CSP refusals are collected."""
    get_user_model().objects.create_superuser("admin", "admin@example.org", "admin")
    page.refusals = []
    page.on(
        "console",
        lambda m: "Content Security" in m.text and page.refusals.append(m.text),
    )
    page.goto(server_url + "/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("admin")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    return page


def one_page_of_each_type() -> list[Page]:
    pages = Page.objects.filter(depth__gt=1).order_by("path")
    first = {}
    for each in pages:
        first.setdefault(each.content_type_id, each)
    return [each.specific for each in first.values()]


def live_heading(each: Page) -> str:
    """The first heading visitors see on the published page."""
    html = Client().get(each.url, follow=True).content.decode()
    return strip_tags(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1]).strip()


def test_live_preview_shows_every_page_type_beside_the_editor(
    editor_page, server_url, screenshot
):
    page = editor_page
    shown = []
    for each in one_page_of_each_type():
        page.goto(server_url + f"/admin/pages/{each.pk}/edit/")
        page.get_by_role("button", name="Toggle preview").click()
        frame = page.frame_locator("#w-preview-iframe")
        expect(frame.locator("h1").first).to_have_text(
            live_heading(each), timeout=20_000
        )
        shown.append(type(each).__name__)
        if type(each).__name__ == "ArticlePage":
            screenshot(page, "admin-live-preview")

    assert {"HomePage", "ArticlePage", "TopicIndexPage"} <= set(shown)
    assert {"ResearchProjectPage", "DonatePage", "GlossaryPage"} <= set(shown)
    assert page.refusals == []


def publish(page) -> None:
    """Press Publish, from the footer's drop-down menu, and wait for the answer."""
    with page.expect_navigation():
        page.locator("button[name=action-publish]").evaluate("el => el.click()")


def fill_in_review_and_sources(page, reviewer: str) -> None:
    page.get_by_role("tab", name="Review and sources").click()
    page.get_by_role("button", name="Choose clinical reviewer").click()
    page.get_by_role("dialog").get_by_role("link", name=reviewer).click()
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.get_by_label("Date last reviewed").fill("2026-11-20")
    page.keyboard.press("Tab")  # leave the field: the picker must keep the text
    expect(page.get_by_label("Date last reviewed")).to_have_value("2026-11-20")
    page.get_by_role("button", name="Add source").click()
    page.locator("[name=sources-0-title]").fill("Multiple sclerosis in adults")
    page.locator("[name=sources-0-publisher]").fill("NICE")
    page.locator("[name=sources-0-year]").fill("2022")


def test_a_new_article_refused_then_fixed_publishes_in_one_go(
    editor_page, server_url, screenshot
):
    page = editor_page
    hub = Page.objects.get(slug="about-ms")
    reviewer = ClinicalReviewer.objects.order_by("name").first()
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0), tick=True):
        page.goto(server_url + f"/admin/pages/add/pages/articlepage/{hub.pk}/")
        # Typed key by key, as an editor types: the slug follows the title on
        # key-up, and autosave starts from the changes.
        page.locator("#id_title").press_sequentially("Sleep and MS")
        page.locator("#id_summary").fill("Why sleep goes wrong in MS, and what helps.")
        publish(page)
        expect(page.get_by_text("could not be created")).to_be_visible()
        page.wait_for_timeout(2_000)  # long enough for an autosave to run
        screenshot(page, "admin-new-article-refused")

        fill_in_review_and_sources(page, reviewer.name)
        publish(page)

        expect(
            page.get_by_text("Page 'Sleep and MS' has been published.")
        ).to_be_visible()
    articles = ArticlePage.objects.filter(title="Sleep and MS")
    assert articles.count() == 1
    article = articles.get()
    assert article.live and not article.has_unpublished_changes
    assert article.last_reviewed == datetime.date(2026, 11, 20)
    assert [source.publisher for source in article.sources.all()] == ["NICE"]
    page.goto(server_url + article.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sleep and MS")
