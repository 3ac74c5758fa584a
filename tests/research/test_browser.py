"""The research hub and project pages in Chromium: accessibility, keyboard, looks."""

import re

import pytest
from playwright.sync_api import expect

from pages.models import ArticlePage
from research.choices import Status
from research.models import ResearchIndexPage, ResearchProjectPage
from tests.a11y import assert_no_axe_violations
from tests.factories.research import ResearchProjectPageFactory, TreatmentFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def research_site(demo_content, server_url):
    """The demo site, plus a recruiting study so every section of a project shows."""
    ResearchProjectPageFactory(
        parent=ResearchIndexPage.objects.get(),
        title="Exercise and fatigue in progressive MS",
        slug="exercise-and-fatigue",
        summary="A study of whether a home exercise programme eases fatigue.",
        status=Status.RECRUITING,
        ms_primary_progressive=True,
        ms_secondary_progressive=True,
        who_can_take_part="<p>Adults with progressive MS who can walk a short way.</p>",
        how_to_take_part="<p>Ask your MS nurse, or fill in the interest form.</p>",
        take_part_url="https://example.org/take-part",
        nct_id="NCT01234567",
        iras_id="1004567",
        treatments=[
            TreatmentFactory(generic_name="home exercise programme", treatment_class="")
        ],
    )
    return server_url


def test_research_hub_has_no_accessibility_violations(
    page, research_site, screenshot, console_errors
):
    page.goto(research_site + "/research/")

    expect(page.get_by_role("heading", name="5 projects")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "research-hub")
    page.set_viewport_size({"width": 375, "height": 800})
    assert_no_axe_violations(page)
    screenshot(page, "research-hub-mobile")
    assert console_errors == []


def test_filtered_hub_with_a_notice_has_no_accessibility_violations(
    page, research_site, screenshot
):
    page.goto(
        research_site
        + "/research/?status=results&ms_type=secondary-progressive&phase=bogus"
    )

    expect(page.get_by_role("heading", name="1 project")).to_be_visible()
    expect(
        page.get_by_text("We did not recognise the trial phase “bogus”")
    ).to_be_visible()
    # Chromium names it "Results published : remove this filter ×" (the
    # hidden words and the CSS cross join the visible label).
    expect(
        page.get_by_role(
            "link", name=re.compile(r"^Results published ?: remove this filter")
        )
    ).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "research-hub-filtered")


def test_visitors_can_filter_the_hub_by_keyboard_alone(page, research_site):
    page.goto(research_site + "/research/")

    def focused(attribute: str) -> str:
        return page.evaluate(f"document.activeElement.{attribute}")

    for _ in range(40):  # from the skip link down to the status choices
        page.keyboard.press("Tab")
        if focused("name") == "status":
            break
    assert focused("id") == "filter-status-any"
    for _ in range(3):  # Any status → Planned → Recruiting → Active
        page.keyboard.press("ArrowDown")
    assert focused("value") == "active"

    for _ in range(10):  # on through the other groups to the button
        page.keyboard.press("Tab")
        if focused("type") == "submit":
            break
    assert focused("textContent") == "Show projects"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(research_site + "/research/?status=active")
    expect(page.get_by_role("heading", name="1 project")).to_be_visible()
    expect(
        page.get_by_role("link", name="DELIVER-MS: is early intensive")
    ).to_be_visible()
    expect(page.locator("#filter-status-3")).to_be_checked()


def test_sort_and_checkbox_work_by_keyboard(page, research_site):
    page.goto(research_site + "/research/")

    page.locator("#filter-funded").focus()
    page.keyboard.press("Space")
    page.locator("#filter-sort").focus()
    page.keyboard.press("ArrowDown")  # Newest first → Name, A to Z
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(research_site + "/research/?funded=yes&sort=name")
    expect(page.get_by_role("heading", name="2 projects")).to_be_visible()


def test_project_page_has_no_accessibility_violations(
    page, research_site, screenshot, console_errors
):
    page.goto(research_site + "/research/exercise-and-fatigue/")

    expect(page.get_by_role("heading", name="How to take part")).to_be_visible()
    expect(page.get_by_role("link", name="NCT01234567")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "research-project-recruiting")

    page.goto(research_site + "/research/hercules/")
    expect(page.get_by_role("heading", name="What the research found")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "research-project")
    page.set_viewport_size({"width": 375, "height": 800})
    assert_no_axe_violations(page)
    screenshot(page, "research-project-mobile")
    assert console_errors == []


def test_editors_see_a_tabbed_project_form(
    page, research_site, screenshot, django_user_model
):
    django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "a long test password"
    )
    page.goto(research_site + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a long test password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(research_site + "/admin/research_projects/")
    expect(page.get_by_role("columnheader", name="Research status")).to_be_visible()
    screenshot(page, "research-admin-listing")

    page.get_by_role("link", name="HERCULES: tolebrutinib").first.click()
    expect(page.get_by_role("tab", name="Summary")).to_be_visible()
    screenshot(page, "research-admin-summary")
    page.get_by_role("tab", name="Details").click()
    # A heading: the editor's minimap lists the same words as a link.
    expect(page.get_by_role("heading", name="Trial registries")).to_be_visible()
    screenshot(page, "research-admin-details")
    page.get_by_role("tab", name="People and funding").click()
    screenshot(page, "research-admin-people")


def sign_in_as_editor(page, site: str, django_user_model) -> None:
    django_user_model.objects.create_superuser(
        "editor", "editor@example.org", "a long test password"
    )
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a long test password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_an_editor_links_a_project_the_article_names_in_one_click(
    page, demo_site, screenshot, django_user_model, console_errors
):
    article = ArticlePage.objects.get(slug="early-intensive-treatment")
    care = ResearchProjectPage.objects.get(slug="care-ms-ii")
    care.related_article_links = [
        link for link in care.related_article_links.all() if link.article != article
    ]
    care.save_revision().publish()
    sign_in_as_editor(page, demo_site, django_user_model)

    page.goto(demo_site + f"/admin/pages/{article.pk}/edit/")
    page.get_by_role("tab", name="Reading aids").click()
    panel = page.get_by_role("region", name="Research projects this article names")
    expect(panel.get_by_text("Named here as “CARE-MS II”")).to_be_visible()
    panel.scroll_into_view_if_needed()
    screenshot(page, "admin-article-named-projects")
    with page.expect_navigation():
        panel.get_by_role("button", name=re.compile(r"^Link")).click()

    expect(page.get_by_text("Linked and published: “CARE-MS II")).to_be_visible()
    care = ResearchProjectPage.objects.get(pk=care.pk)
    assert article.pk in [link.article_id for link in care.related_article_links.all()]
    assert care.live and not care.has_unpublished_changes
    page.get_by_role("tab", name="Reading aids").click()
    expect(panel.get_by_text("names no research project that is not")).to_be_visible()
    page.goto(demo_site + article.url)
    research = page.get_by_role("region", name="Research on this topic")
    expect(research.get_by_role("link", name=re.compile("CARE-MS II"))).to_be_visible()
    assert console_errors == []


def test_a_project_prints_its_buttons_as_words_without_addresses(
    page, research_site, screenshot
):
    page.goto(research_site + "/research/exercise-and-fatigue/")
    page.emulate_media(media="print")

    def after(locator) -> str:
        return locator.evaluate("el => getComputedStyle(el, '::after').content")

    register = page.get_by_role("link", name=re.compile("^Register your interest"))
    expect(register).to_be_visible()
    assert register.get_attribute("href") == "https://example.org/take-part"
    assert after(register) in {"none", '""'}
    assert register.evaluate("el => getComputedStyle(el).backgroundColor") in {
        "rgba(0, 0, 0, 0)",
        "transparent",
    }
    donate = page.locator("a.button--donate").first
    assert after(donate) in {"none", '""'}
    # Ordinary links are written out, since paper cannot be clicked.
    registry = page.get_by_role("link", name="NCT01234567")
    assert "https://clinicaltrials.gov/study/NCT01234567" in after(registry)
    for hidden in (".site-header nav", ".site-search", ".breadcrumbs"):
        assert (
            page.locator(hidden).first.evaluate("el => getComputedStyle(el).display")
            == "none"
        ), hidden
    path = screenshot(page, "research-project-print")
    page.pdf(path=str(path.with_suffix(".pdf")))
