"""The page editor in Chromium, as editors use it: live preview and publishing."""

import re

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.html import strip_tags

from wagtail.models import Page

import pytest
from playwright.sync_api import expect

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
