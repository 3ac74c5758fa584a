"""Shared parts of pages (`{% shared_part %}`): with the page cache switched
off, an article's content is rendered once and rebuilt exactly when the page
cache would purge the page."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from pages.models import ArticlePage
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory, reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def hub(home_page):
    return TopicIndexPageFactory(parent=home_page, title="Living with MS")


@pytest.fixture
def article(hub, publish):
    page = reviewed(ArticlePageFactory(parent=hub, title="Fatigue", slug="fatigue"))
    publish(page)
    return page


def visit(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_content_is_rendered_once_and_then_read_from_the_cache(client, article):
    first, cold = visit(client, article.url)
    second, warm = visit(client, article.url)

    assert second == first
    assert warm < cold
    assert warm <= 6  # the route, view restrictions and the donate prompt


def test_a_published_edit_is_shown_at_once(client, article, publish):
    visit(client, article.url)
    article.summary = "Tiredness that rest does not fix."
    publish(article)

    assert "Tiredness that rest does not fix." in visit(client, article.url)[0]


def test_a_newly_published_sibling_appears_among_related_articles(
    client, article, hub, publish
):
    visit(client, article.url)
    sibling = reviewed(ArticlePageFactory(parent=hub, title="Sleep", live=False))
    publish(sibling)

    assert "Sleep" in visit(client, article.url)[0]


def test_editors_and_previews_always_get_a_fresh_render(client, article, superuser):
    visit(client, article.url)
    ArticlePage.objects.filter(pk=article.pk).update(summary="Changed unpublished")
    lead = '<p class="lead">Changed unpublished</p>'

    assert lead not in visit(client, article.url)[0]  # kept
    editor = Client()
    editor.force_login(superuser)
    assert lead in visit(editor, article.url)[0]
    article.refresh_from_db()
    article.summary = "A draft summary"
    assert b"A draft summary" in article.make_preview_request().content
