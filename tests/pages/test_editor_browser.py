"""The page editor in Chromium, as editors use it: live preview and publishing."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.models import Page, PageLogEntry

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

    # Every type the demo has was previewed, and the demo has all of these.
    assert len(shown) == len(set(shown))
    assert {
        "HomePage",
        "TopicIndexPage",
        "ArticlePage",
        "StandardPage",
        "GlossaryPage",
        "ResearchIndexPage",
        "ResearchProjectPage",
        "DonatePage",
    } <= set(shown)
    assert page.refusals == []


def publish(page) -> None:
    """Press Publish, from the footer's drop-down menu, and wait for the answer."""
    with page.expect_navigation():
        page.locator("button[name=action-publish]").evaluate("el => el.click()")


def fill_in_review_and_sources(page, reviewer: str, reviewed: str) -> None:
    page.get_by_role("tab", name="Review and sources").click()
    page.get_by_role("button", name="Choose clinical reviewer").click()
    page.get_by_role("dialog").get_by_role("link", name=reviewer).click()
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.get_by_label("Date last reviewed").fill(reviewed)
    page.keyboard.press("Tab")  # leave the field: the picker must keep the text
    expect(page.get_by_label("Date last reviewed")).to_have_value(reviewed)
    add_source(page, "Multiple sclerosis in adults", publisher="NICE", year="2022")


def add_source(page, title: str, **fields: str) -> None:
    """Add a source below the others (deleted ones keep their numbers)."""
    page.get_by_role("button", name="Add source").click()
    new = page.locator("[data-inline-panel-child]:visible").last
    new.locator("[name$=-title]").fill(title)
    for name, value in fields.items():
        new.locator(f"[name$=-{name}]").fill(value)


def autosaved(page) -> None:
    """Wait until autosave has saved the form, as it does after a refusal."""
    expect(page.locator("form[data-edit-form]")).to_have_attribute(
        "data-w-autosave-revision-id-value", re.compile(r"[0-9]+"), timeout=15_000
    )


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
        expect(page.get_by_text("Not published: an article needs")).to_be_visible()
        # Autosave then saves the refused page as a draft, and the form carries
        # on as the new page's editor.
        autosaved(page)
        expect(page.locator("form[data-edit-form]")).to_have_attribute(
            "action", re.compile(r"/admin/pages/[0-9]+/edit/")
        )
        screenshot(page, "admin-new-article-refused")

        fill_in_review_and_sources(page, reviewer.name, "2026-11-20")
        publish(page)

        expect(
            page.get_by_text("Page 'Sleep and MS' has been published.")
        ).to_be_visible()
        expect(page.get_by_text("could not be")).to_have_count(0)
    articles = ArticlePage.objects.filter(title="Sleep and MS")
    assert articles.count() == 1
    article = articles.get()
    assert article.slug == "sleep-and-ms"
    assert article.live and not article.has_unpublished_changes
    # The autosaved draft (overwritten as the editor typed) and the published one.
    assert article.revisions.count() == 2
    assert article.last_reviewed == datetime.date(2026, 11, 20)
    assert [source.publisher for source in article.sources.all()] == ["NICE"]
    page.goto(server_url + article.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sleep and MS")


def clear_the_reviewer_and_sources(page) -> None:
    page.get_by_role("tab", name="Review and sources").click()
    chooser = page.locator("#id_reviewer-chooser")
    chooser.get_by_role("button", name="Actions").click()
    chooser.get_by_role("button", name="Clear choice").click()
    for delete in page.locator("[id^=id_sources-][id$=-DELETE-button]").all():
        delete.click()


def test_a_live_article_edited_without_provenance_is_refused_then_published(
    editor_page, server_url, screenshot
):
    # The clock runs on: the demo's revisions were saved today, and the
    # editor's must come after them.
    page = editor_page
    article = ArticlePage.objects.get(slug="fatigue")
    revisions = article.revisions.count()
    reviewer = ClinicalReviewer.objects.order_by("name").first()
    reviewed = timezone.localdate() - datetime.timedelta(days=7)
    summary = "Fatigue is common in MS, and there is a lot that helps."
    page.goto(server_url + f"/admin/pages/{article.pk}/edit/")
    page.locator("#id_summary").fill(summary)
    clear_the_reviewer_and_sources(page)
    publish(page)

    expect(page.get_by_text("could not be saved")).to_be_visible()
    expect(page.get_by_text("Not published: an article needs")).to_be_visible()
    autosaved(page)
    screenshot(page, "admin-live-article-refused")
    # Visitors still see the published article, reviewer and sources.
    live = ArticlePage.objects.get(pk=article.pk)
    assert live.reviewer_id is not None and live.sources.count() == 2
    assert live.summary != summary

    fill_in_review_and_sources(page, reviewer.name, f"{reviewed:%Y-%m-%d}")
    publish(page)

    expect(
        page.get_by_text("Page 'Fatigue and MS' has been published.")
    ).to_be_visible()
    expect(page.get_by_text("could not be")).to_have_count(0)
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and not article.has_unpublished_changes
    assert article.live_revision_id == article.latest_revision_id
    assert article.summary == summary
    assert article.last_reviewed == reviewed
    assert [source.publisher for source in article.sources.all()] == ["NICE"]
    assert article.reviewer == reviewer
    # One autosaved draft, overwritten as the editor worked, and the published one.
    assert article.revisions.count() == revisions + 2
    page.goto(server_url + article.url)
    expect(page.get_by_text(summary)).to_be_visible()


def sign_in(page, server_url, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(server_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")


def approve_with_clinical_review(page) -> None:
    # Clicked as an editor clicks: the approval dialog disables whatever has
    # the focus while it is open, so a script's click would lose a field.
    footer = page.get_by_role("navigation", name="Actions (footer)")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Approve").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Clinical review done").check()
    with page.expect_navigation():
        dialog.get_by_role("button", name="Approve").click()


def test_medical_review_refused_for_provenance_then_fixed_and_approved(
    editor_page, server_url, screenshot
):
    page = editor_page
    article = ArticlePage.objects.get(slug="fatigue")
    revisions = article.revisions.count()
    publications = PageLogEntry.objects.filter(
        page=article, action="wagtail.publish"
    ).count()
    clinician = get_user_model().objects.create_user(
        "asha", "asha@example.org", "asha", first_name="Asha"
    )
    clinician.groups.add(Group.objects.get(name="Clinical reviewers"))
    # The writer removes the sources and submits the article for review.
    page.goto(server_url + f"/admin/pages/{article.pk}/edit/")
    page.get_by_role("tab", name="Review and sources").click()
    for delete in page.locator("[id^=id_sources-][id$=-DELETE-button]").all():
        delete.click()
    with page.expect_navigation():
        page.locator("button[name=action-submit]").evaluate("el => el.click()")
    expect(page.get_by_text("submitted for moderation")).to_be_visible()

    # The clinician approves, with the clinical review done: refused.
    sign_in(page, server_url, "asha", "asha")
    page.goto(server_url + f"/admin/pages/{article.pk}/edit/")
    approve_with_clinical_review(page)
    expect(page.get_by_text("Not approved: an article needs")).to_be_visible()
    expect(page.get_by_text("Add at least one source.").first).to_be_visible()
    screenshot(page, "admin-medical-review-refused")
    assert ArticlePage.objects.get(pk=article.pk).sources.count() == 2

    # The clinician adds a source on the same screen and approves again.
    page.get_by_role("tab", name="Review and sources").click()
    add_source(page, "Multiple sclerosis in adults")
    approve_with_clinical_review(page)
    expect(page.get_by_text("Page 'Fatigue and MS' has been updated.")).to_be_visible()

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and not article.has_unpublished_changes
    assert article.current_workflow_state is None
    assert article.workflow_states.get().status == "approved"
    assert article.last_reviewed == timezone.localdate()
    assert [source.title for source in article.sources.all()] == [
        "Multiple sclerosis in adults"
    ]
    assert (
        PageLogEntry.objects.filter(page=article, action="wagtail.publish").count()
        == publications + 1
    )
    # The writer's submitted version; autosave's copy of the refused screen,
    # which the clinician's edits and review then overwrite or follow: the
    # refused approval itself saved nothing.
    assert article.revisions.count() <= revisions + 3
