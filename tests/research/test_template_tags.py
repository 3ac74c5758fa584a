from django.template import Context, Template
from django.test import RequestFactory

import pytest

from research.choices import Status
from research.models import ProjectRelatedArticle
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory
from tests.factories.research import (
    ResearchProjectPageFactory,
    ResearchThemeFactory,
)

pytestmark = pytest.mark.django_db


def render(source: str, request=None, **context) -> str:
    request = request or RequestFactory().get("/")
    template = Template("{% load research_tags %}" + source)
    return template.render(Context({"request": request, **context}))


@pytest.fixture
def article(home_page):
    topic = TopicIndexPageFactory(parent=home_page, title="Treatments")
    return ArticlePageFactory(parent=topic, title="BTK inhibitors")


def link(project, article) -> None:
    project.related_article_links = [ProjectRelatedArticle(article=article)]
    project.save()


def test_research_for_article_lists_live_projects_that_link_to_it(hub, article):
    theme = ResearchThemeFactory(name="Stopping immune attacks")
    hercules = ResearchProjectPageFactory(
        parent=hub, title="HERCULES", status=Status.RESULTS, theme=theme
    )
    link(hercules, article)
    link(ResearchProjectPageFactory(parent=hub, title="Draft", live=False), article)
    ResearchProjectPageFactory(parent=hub, title="Unlinked")

    html = render("{% research_for_article page %}", page=article)

    assert "<h2" in html and "Research on this topic" in html
    assert f'href="{hercules.url}">HERCULES</a>' in html
    assert "status-badge--results" in html
    assert "Stopping immune attacks" in html
    assert "Draft" not in html
    assert "Unlinked" not in html


def test_research_for_article_renders_nothing_without_projects(hub, article):
    assert render("{% research_for_article page %}", page=article).strip() == ""
    assert render("{% research_for_article page %}", page=None).strip() == ""


@pytest.mark.parametrize("count", [1, 12])
def test_research_for_article_takes_one_query_whatever_the_count(
    hub, article, count, django_assert_num_queries
):
    for _ in range(count):
        link(
            ResearchProjectPageFactory(parent=hub, theme=ResearchThemeFactory()),
            article,
        )
    # As on a real page, the request already knows its site and which
    # sections are private.
    request = RequestFactory().get("/")
    render("{% research_for_article page %}", request, page=article)

    with django_assert_num_queries(1):
        html = render("{% research_for_article page %}", request, page=article)
    assert html.count('class="card project-card"') == count


def test_latest_research_projects_shows_the_newest_and_the_recruiting_link(hub):
    for year in (2019, 2024, 2021, 2023):
        ResearchProjectPageFactory(parent=hub, title=f"Started {year}", start_year=year)
    ResearchProjectPageFactory(
        parent=hub, title="Recruiting", status=Status.RECRUITING, start_year=2010
    )

    html = render("{% latest_research_projects 3 %}")

    assert html.count('class="card project-card"') == 3
    assert html.index("Started 2024") < html.index("Started 2023")
    assert html.index("Started 2023") < html.index("Started 2021")
    assert "Started 2019" not in html
    assert f'<a href="{hub.url}?status=recruiting">Studies recruiting now (1)</a>' in (
        html
    )


def test_latest_research_projects_renders_nothing_without_a_hub(home_page):
    assert render("{% latest_research_projects 3 %}").strip() == ""


def test_no_recruiting_link_while_no_study_recruits(hub):
    ResearchProjectPageFactory(parent=hub, title="Finished", status=Status.RESULTS)

    html = render("{% latest_research_projects 3 %}")

    assert html.count('class="card project-card"') == 1
    assert "Studies recruiting now" not in html
    assert "status=recruiting" not in html
