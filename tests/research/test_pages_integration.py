"""The research app's sections on pages it does not own: articles and home."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from research.choices import Status
from research.models import ProjectRelatedArticle
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory
from tests.factories.research import ResearchProjectPageFactory

pytestmark = pytest.mark.django_db


def test_an_article_shows_the_research_on_its_topic(client, home_page, hub):
    article = ArticlePageFactory(parent=TopicIndexPageFactory(parent=home_page))
    hercules = ResearchProjectPageFactory(parent=hub, title="HERCULES")
    hercules.related_article_links = [ProjectRelatedArticle(article=article)]
    hercules.save()

    html = client.get(article.url).content.decode()

    assert "Research on this topic" in html
    assert f'href="{hercules.url}">HERCULES</a>' in html


def test_an_article_without_research_has_no_empty_section(client, home_page):
    article = ArticlePageFactory(parent=TopicIndexPageFactory(parent=home_page))

    assert "Research on this topic" not in client.get(article.url).content.decode()


def test_a_topic_hub_shows_the_newest_research_on_its_articles(client, home_page, hub):
    topic = TopicIndexPageFactory(parent=home_page)
    first, second = (ArticlePageFactory(parent=topic) for _ in range(2))
    for year, article in ((2019, first), (2024, second), (2022, first), (2021, first)):
        project = ResearchProjectPageFactory(
            parent=hub, title=f"Study {year}", start_year=year
        )
        project.related_article_links = [ProjectRelatedArticle(article=article)]
        project.save()
    ResearchProjectPageFactory(parent=hub, title="Unlinked", start_year=2025)

    html = client.get(topic.url).content.decode()

    assert "Research on this topic" in html
    shown = [f"Study {year}" for year in (2024, 2022, 2021)]
    assert [title in html for title in shown] == [True, True, True]
    assert html.index(shown[0]) < html.index(shown[1]) < html.index(shown[2])
    assert "Study 2019" not in html
    assert "Unlinked" not in html
    assert f'href="{hub.url}">See all our research</a>' in html


def test_a_topic_hubs_research_is_cached_until_a_project_is_published(
    client, home_page, hub
):
    topic = TopicIndexPageFactory(parent=home_page)
    article = ArticlePageFactory(parent=topic)
    old = ResearchProjectPageFactory(parent=hub, title="Older study", start_year=2020)
    old.related_article_links = [ProjectRelatedArticle(article=article)]
    old.save()
    first = client.get(topic.url).content.decode()
    assert "Older study" in first

    with CaptureQueriesContext(connection) as captured:
        again = client.get(topic.url).content.decode()
    assert again == first
    assert not [q for q in captured if "research_researchprojectpage" in q["sql"]]

    newer = ResearchProjectPageFactory(
        parent=hub, title="Newer study", start_year=2024, live=False
    )
    newer.related_article_links = [ProjectRelatedArticle(article=article)]
    newer.save_revision().publish()
    html = client.get(topic.url).content.decode()

    assert html.index("Newer study") < html.index("Older study")


def test_the_home_page_shows_the_latest_research_and_the_recruiting_view(
    client, home_page, hub
):
    home_page.research_page = hub
    home_page.save()
    ResearchProjectPageFactory(parent=hub, title="DELIVER-MS", status=Status.RECRUITING)

    html = client.get("/").content.decode()

    assert "DELIVER-MS" in html
    assert f'href="{hub.url}?status=recruiting">Studies recruiting now (1)</a>' in html
