"""Kept search results: served again, still logged, and dropped on any change."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query
from wagtail.search.backends import get_search_backend

import pytest

from pages.bulk import add_pages
from pages.models import ArticlePage, Term
from pages.search import result_cache
from pages.search.models import NoResultsSearch
from tests.factories.pages import (
    ArticlePageFactory,
    TopicIndexPageFactory,
    reviewed,
)
from tests.pages.test_search import result_urls, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(home_page):
    return TopicIndexPageFactory(parent=home_page, title="About MS", slug="about-ms")


def ranking_queries(client, **params) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        search(client, **params)
    return [q["sql"] for q in captured if "ts_rank" in q["sql"]]


def test_a_repeated_search_is_not_ranked_again(client, hub):
    ArticlePageFactory(parent=hub, title="Myelin and MS")

    assert ranking_queries(client, q="myelin")
    assert not ranking_queries(client, q="Myelin ")
    assert result_urls(search(client, q="myelin")) == ["/about-ms/myelin-and-ms/"]


def test_type_filters_and_later_pages_are_not_served_the_first_pages_results(
    client, hub
):
    for number in range(12):
        ArticlePageFactory(parent=hub, title=f"Fatigue tip {number}")
    first = result_urls(search(client, q="fatigue"))

    assert result_urls(search(client, q="fatigue", type="research")) == []
    assert len(result_urls(search(client, q="fatigue", page="2"))) == 2
    assert result_urls(search(client, q="fatigue")) == first


def test_cached_searches_still_count_in_both_reports(client, hub):
    ArticlePageFactory(parent=hub, title="Fatigue and MS")
    for _ in range(3):
        search(client, q="fatigue")
        search(client, q="xylophone")

    assert Query.get("fatigue").hits == 3
    assert NoResultsSearch.objects.get(query_string="xylophone").hits == 3


def test_a_published_page_is_found_at_once(client, hub):
    assert result_urls(search(client, q="remyelination")) == []
    page = ArticlePageFactory(parent=hub, title="Remyelination hopes", live=False)
    reviewed(page).save_revision().publish()

    assert result_urls(search(client, q="remyelination")) == [
        "/about-ms/remyelination-hopes/"
    ]


def test_an_unpublished_or_deleted_page_is_gone_at_once(client, hub):
    first = ArticlePageFactory(parent=hub, title="Remyelination hopes")
    second = ArticlePageFactory(parent=hub, title="Remyelination trials")
    assert len(result_urls(search(client, q="remyelination"))) == 2

    first.unpublish()
    assert result_urls(search(client, q="remyelination")) == [
        "/about-ms/remyelination-trials/"
    ]
    second.delete()
    assert result_urls(search(client, q="remyelination")) == []


def test_a_new_synonym_applies_at_once(client, hub):
    ArticlePageFactory(parent=hub, title="Disease modifying therapies")
    assert result_urls(search(client, q="DMTs")) == []

    Term.objects.create(
        term="Disease modifying therapies", slug="dmt", other_names="DMTs"
    )

    assert result_urls(search(client, q="DMTs")) == [
        "/about-ms/disease-modifying-therapies/"
    ]


def test_a_search_the_cache_has_not_seen_costs_the_same_however_many_match(client, hub):
    def matching(count: int) -> int:
        articles = add_pages(hub, ArticlePage, count, summary="All about myelin.")
        get_search_backend().add_bulk(ArticlePage, articles)
        result_cache.forget()
        with CaptureQueriesContext(connection) as captured:
            search(client, q="myelin")
        return len(captured)

    matching(5)  # warms per-process caches (the site), creates the log rows
    assert matching(5) == matching(990)
