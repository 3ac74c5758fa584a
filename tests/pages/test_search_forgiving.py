"""Forgiving search: misspellings find the page meant, or say what was meant."""

import re

from django.core.cache import cache

import pytest

from pages.search import suggestions
from tests.factories.pages import ArticlePageFactory, TopicIndexPageFactory
from tests.pages.test_search import result_urls, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_content):
    """The demo site, restored from its snapshot."""


DMTS = "/treatments/disease-modifying-therapies/"
FATIGUE = "/about-ms/fatigue/"
RELAPSES = "/about-ms/relapses/"
TYPES = "/about-ms/types-of-ms/"
DIAGNOSIS = "/about-ms/diagnosis/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Misspellings
        ("tolebrutnib", "/treatments/btk-inhibitors/"),
        ("tolebrutinb trial", "/research/hercules/"),
        ("mylein", "/about-ms/immune-system-and-ms/"),
        ("vitamine D", "/about-ms/vitamin-d-and-ms/"),
        ("ocrelizumabb", DMTS),
        ("fatige", FATIGUE),
        ("Kesimta", DMTS),
        ("herculese", "/research/hercules/"),
        # Brand and generic names
        ("Kesimpta", DMTS),
        ("ofatumumab", DMTS),
        ("Ocrevus", DMTS),
        ("Tysabri", DMTS),
        ("alemtuzumab", DMTS),
        # Plurals and singulars
        ("BTK inhibitor", "/treatments/btk-inhibitors/"),
        ("stem cells", "/treatments/hsct/"),
        ("relapse", RELAPSES),
        ("DMT", DMTS),
        # Topics and questions a newly diagnosed visitor asks
        ("fatigue", FATIGUE),
        ("why am I so exhausted", FATIGUE),
        ("can I work with MS", FATIGUE),
        ("what is myelin", "/about-ms/immune-system-and-ms/"),
        ("does vitamin D help MS", "/about-ms/vitamin-d-and-ms/"),
        ("early treatment", "/treatments/early-intensive-treatment/"),
        # Relapses, types of MS and diagnosis, plain and misspelt
        ("relapses", RELAPSES),
        ("relaspe", RELAPSES),
        ("replase", RELAPSES),
        ("what is a relapse", RELAPSES),
        ("flare-up", RELAPSES),
        ("MS flare up", RELAPSES),
        ("types of ms", TYPES),
        ("type of MS", TYPES),
        ("tpyes of MS", TYPES),
        ("primary progressive", TYPES),
        ("relapsing remitting MS", TYPES),
        ("progresive ms", TYPES),
        ("diagnosed", DIAGNOSIS),
        ("how is MS diagnosed", DIAGNOSIS),
        ("diagnosis", DIAGNOSIS),
        ("diagnossis", DIAGNOSIS),
        ("just been diagnosed with MS", DIAGNOSIS),
        ("MRI scan", DIAGNOSIS),
        ("lumbar puncture", DIAGNOSIS),
    ],
)
def test_a_misspelt_query_finds_the_page_meant(client, demo, query, expected):
    response = search(client, q=query)

    assert expected in result_urls(response)[:3]


def test_results_for_the_correction_say_so(client, demo):
    html = search(client, q="tolebrutnib").content.decode()

    assert "No results for “tolebrutnib”. Showing results for" in html
    assert "<strong>“tolebrutinib”</strong>" in html


def test_a_misspelling_that_finds_something_offers_the_correction(client, demo):
    # "vitamine" stems to what "vitamin" does, so the search finds pages.
    html = search(client, q="vitamine D").content.decode()

    link = re.search(r'Did you mean <a href="/search/\?q=([^"]+)">([^<]+)</a>', html)
    assert link and link[2] == "vitamin d"


def test_a_correct_query_gets_no_correction(client, demo):
    html = search(client, q="myelin").content.decode()

    assert "Did you mean" not in html and "Showing results for" not in html


def test_no_results_suggests_known_terms_and_the_helpline(client, demo):
    html = search(client, q="brutinibbbb").content.decode()

    assert "try a word we know" in html
    assert 'href="/search/?q=tolebrutinib"' in html
    assert "call our helpline on" in html


def test_the_search_page_has_a_meta_description(client, demo):
    html = search(client, q="").content.decode()

    assert re.search(r'<meta name="description" content="Search the MS Portal', html)


def test_the_vocabulary_is_cached(client, demo, django_assert_max_num_queries):
    cache.clear()
    first = suggestions.vocabulary()

    with django_assert_max_num_queries(0):
        assert suggestions.vocabulary() == first
    assert "tolebrutinib" in first and "ocrevus" in first


@pytest.fixture
def relapse_articles(home_page):
    hub = TopicIndexPageFactory(parent=home_page, title="About MS", slug="about-ms")
    ArticlePageFactory(parent=hub, title="Relapses", summary="What a relapse is.")
    # "relapsed" is in no title or glossary term, only in this summary.
    ArticlePageFactory(
        parent=hub, title="Going back to work", summary="After I relapsed, I rested."
    )


def test_a_word_spelt_right_in_body_text_only_gets_no_correction(
    client, relapse_articles
):
    html = search(client, q="relapsed").content.decode()

    assert "Did you mean" not in html and "Showing results for" not in html
    assert "/about-ms/going-back-to-work/" in result_urls(search(client, q="relapsed"))


def test_a_typo_of_an_indexed_word_still_gets_a_correction(client, relapse_articles):
    html = search(client, q="relapsd").content.decode()

    assert "Showing results for <strong>“relapses”</strong>" in html


def test_indexed_words_are_known_as_spelt_not_as_stemmed(relapse_articles):
    # "relapsing" stems like "relapse", but no page uses it; "what" is a stop word.
    assert suggestions.in_index(["relapsed", "relapsing", "what", "relapsd"]) == {
        "relapsed",
        "what",
    }
