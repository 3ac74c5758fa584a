"""The site search page: results, synonyms, ranking, filters, hostile input."""

import re

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from pages.search import result_cache
from pages.search.query import MAX_QUERY_LENGTH, clean_query, search_words
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory
from tests.factories.research import (
    ResearchIndexPageFactory,
    ResearchProjectPageFactory,
)

pytestmark = pytest.mark.django_db


def result_urls(response) -> list[str]:
    return re.findall(
        r'class="search-result__title"><a href="([^"]+)"', response.content.decode()
    )


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


@pytest.fixture
def demo(demo_content):
    """The demo site, restored from its snapshot."""


@pytest.fixture
def hub(home_page):
    return TopicIndexPageFactory(parent=home_page, title="About MS", slug="about-ms")


def test_myelin_finds_the_immune_system_article_first(client, demo):
    urls = result_urls(search(client, q="myelin"))

    assert urls[0] == "/about-ms/immune-system-and-ms/"
    assert len(urls) > 1


def test_hercules_finds_the_hercules_project_first(client, demo):
    urls = result_urls(search(client, q="HERCULES"))

    assert urls[0] == "/research/hercules/"


def test_a_brand_name_finds_what_the_generic_name_finds(client, demo):
    ocrevus = result_urls(search(client, q="Ocrevus"))
    ocrelizumab = result_urls(search(client, q="ocrelizumab"))

    assert ocrevus
    assert sorted(ocrevus) == sorted(ocrelizumab)


@pytest.mark.parametrize(
    ("synonym", "term"),
    [("DMD", "DMT"), ("Lemtrada", "alemtuzumab"), ("Mayzent", "siponimod")],
)
def test_a_synonym_finds_what_its_term_finds(client, demo, synonym, term):
    assert sorted(result_urls(search(client, q=synonym))) == sorted(
        result_urls(search(client, q=term))
    )


def test_lemtrada_finds_the_care_ms_ii_project(client, demo):
    assert "/research/care-ms-ii/" in result_urls(search(client, q="Lemtrada"))


def test_results_show_type_highlighted_summary_and_research_status(client, demo):
    html = search(client, q="HERCULES").content.decode()

    assert "Research project" in html
    assert "<mark>HERCULES</mark>" in html
    assert 'class="status-badge status-badge--results"' in html
    assert "Article" in html


def test_the_type_filter_limits_results(client, demo):
    everything = result_urls(search(client, q="tolebrutinib"))
    urls = result_urls(search(client, q="tolebrutinib", type="research"))

    assert urls == ["/research/hercules/"]
    assert len(everything) > len(urls)
    html = search(client, q="tolebrutinib", type="research").content.decode()
    assert '<option value="research" selected>' in html


def test_an_unknown_type_searches_everything(client, demo):
    assert result_urls(search(client, q="myelin", type="nonsense")) == result_urls(
        search(client, q="myelin")
    )


def test_pages_other_than_the_searchable_types_are_left_out(client, demo):
    # The home page and glossary mention myelin too, but are not search results.
    urls = result_urls(search(client, q="myelin"))

    assert "/" not in urls
    assert "/glossary/" not in urls


def test_unpublished_pages_are_not_found(client, hub):
    ArticlePageFactory(parent=hub, title="Remyelination hopes", live=False)

    assert result_urls(search(client, q="remyelination")) == []


def test_results_are_paginated_and_keep_the_query(client, hub):
    for number in range(12):
        ArticlePageFactory(parent=hub, title=f"Fatigue tip {number}")

    first = search(client, q="fatigue")
    second = search(client, q="fatigue", page="2")

    assert len(result_urls(first)) == 10
    assert len(result_urls(second)) == 2
    assert "?q=fatigue&amp;page=2" in first.content.decode()
    assert "12 results for" in first.content.decode()


@pytest.mark.parametrize("number", ["0", "-1", "99999", "abc", "1e5", "", "2.5"])
def test_junk_page_numbers_give_a_normal_page(client, hub, number):
    ArticlePageFactory(parent=hub, title="Fatigue and MS")

    assert result_urls(search(client, q="fatigue", page=number)) == [
        "/about-ms/fatigue-and-ms/"
    ]


def test_no_results_page_helps(client, home_page):
    html = search(client, q="xylophone").content.decode()

    assert "No results for “xylophone”" in html
    assert "check the spelling" in html


def test_the_empty_search_page_invites_a_search(client, home_page):
    html = search(client).content.decode()

    assert 'id="search-query"' in html
    assert "results for" not in html


def test_promoted_results_come_above_the_results(client, demo):
    from wagtail.models import Page

    donate = Page.objects.get(slug="donate")
    query = Query.get("myelin")
    SearchPromotion.objects.create(
        query=query, page=donate, description="Help fund myelin repair research."
    )

    html = search(client, q="Myelin").content.decode()

    assert html.index("Recommended") < html.index('id="results-heading"')
    assert "Help fund myelin repair research." in html


HOSTILE_QUERIES = [
    "",
    " ",
    "a" * 10_000,
    "x " * 5_000,
    "التصلب المتعدد",
    "多发性硬化症",
    "🧠💊",
    "myelin\x00",
    "\x00\x01\x02\x1b[31m\x7f",
    "' OR 1=1 --",
    '"; DROP TABLE wagtailcore_page; --',
    "<script>alert(1)</script>",
    "!&|():*",
    "myelin & | ! ( ) : * <-> <2>",
    "'",
    '"',
    "''''",
    "\\",
    "a:*",
    "%",
    "\u202e\u200b\ufeff",
    "Parkinson's",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_give_a_normal_page(client, hub, query):
    ArticlePageFactory(parent=hub, title="Myelin and MS")

    response = client.get("/search/", {"q": query, "type": query, "page": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Search</h1>" in html
    assert "<script>alert(1)</script>" not in html
    assert "\x00" not in html


def test_queries_are_cleaned_and_cut():
    assert clean_query("  myelin\x00\x1b  sheath\u200b ") == "myelin sheath"
    assert len(clean_query("a" * 10_000)) == MAX_QUERY_LENGTH
    assert clean_query(None) == ""
    assert search_words("!&|():* 'myelin' <-> a:*") == "myelin a"


def _articles(hub, start: int, stop: int):
    for number in range(start, stop):
        ArticlePageFactory(
            parent=hub, title=f"Myelin article {number}", summary="About myelin."
        )


def test_query_count_does_not_grow_with_results(client, hub):
    _articles(hub, 0, 5)
    search(client, q="myelin")  # warm per-process caches (content types, site)
    with CaptureQueriesContext(connection) as few:
        search(client, q="myelin", type="article")
    _articles(hub, 5, 25)
    result_cache.forget()  # factories publish without Wagtail's signal
    with CaptureQueriesContext(connection) as many:
        response = search(client, q="myelin", type="article")

    assert len(result_urls(response)) == 10
    assert len(few.captured_queries) == len(many.captured_queries)
    assert len(many.captured_queries) <= 15


def test_research_status_needs_no_query_per_project(client, home_page):
    research = ResearchIndexPageFactory(parent=home_page)
    for number in range(3):
        ResearchProjectPageFactory(
            parent=research, title=f"Myelin repair trial {number}", status="active"
        )
    search(client, q="myelin")
    with CaptureQueriesContext(connection) as three:
        search(client, q="myelin", type="research")
    for number in range(6):
        ResearchProjectPageFactory(
            parent=research, title=f"Myelin study {number}", status="recruiting"
        )
    result_cache.forget()  # factories publish without Wagtail's signal
    with CaptureQueriesContext(connection) as nine:
        html = search(client, q="myelin", type="research").content.decode()

    assert html.count("status-badge--") == 9
    assert len(three.captured_queries) == len(nine.captured_queries)


def test_benchmark_command_times_searches_and_rolls_back(hub):
    from io import StringIO

    from pages.models import ArticlePage

    out = StringIO()
    call_command("benchmark_search", articles=30, runs=1, stdout=out)

    assert "Created 30 articles" in out.getvalue()
    assert "myelin" in out.getvalue() and "HTTP" not in out.getvalue()
    assert not ArticlePage.objects.exists()
