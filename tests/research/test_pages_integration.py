"""The research app's sections on pages it does not own: articles and home."""

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


def test_the_home_page_shows_the_latest_research_and_the_recruiting_view(
    client, home_page, hub
):
    home_page.research_page = hub
    home_page.save()
    ResearchProjectPageFactory(parent=hub, title="DELIVER-MS", status=Status.RECRUITING)

    html = client.get("/").content.decode()

    assert "DELIVER-MS" in html
    assert f'href="{hub.url}?status=recruiting">Studies recruiting now (1)</a>' in html
