from wagtail import hooks

import pytest

from pages.glossary import mark_up_terms
from pages.models import GlossaryPage, HomePage, Term
from tests.factories.pages import (
    ArticlePageFactory,
    GlossaryPageFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms(db):
    return [
        TermFactory(
            term="disease-modifying therapy",
            abbreviation="DMT",
            other_names="disease modifying drug\nDMTs",
            explanation="A treatment that changes how the immune system behaves.",
        ),
        TermFactory(term="myelin", explanation="The coating around nerves."),
        TermFactory(term="relapse", explanation="A time when symptoms get worse."),
    ]


def test_first_whole_word_use_of_each_term_is_marked(terms):
    html = (
        "<p>Myelin is damaged. Myelin again. A DMT helps; DMTs too.</p>"
        "<p>Relapses are not a relapse-free relapse.</p>"
    )

    body = mark_up_terms(html, terms)

    out = str(body.html)
    assert out.count('class="glossary-term"') == 3
    assert (
        '<a aria-describedby="term-myelin-text" class="glossary-term" '
        'href="#term-myelin" id="term-myelin-ref"><dfn>Myelin</dfn></a> is damaged'
    ) in out
    assert "<abbr>DMT</abbr>" in out  # abbreviation: <abbr>, other words: <dfn>
    # "Relapses" and "relapse-free" are other words; the last one is the term.
    assert "not a relapse-free <a" in out
    assert [term.term for term in body.terms] == [
        "myelin",
        "disease-modifying therapy",
        "relapse",
    ]


def test_abbreviations_match_only_with_their_capitals(terms):
    body = mark_up_terms("<p>The dmt and Dmt are not marked.</p>", terms)

    assert "glossary-term" not in body.html


def test_terms_in_links_headings_and_existing_markup_are_left_alone(terms):
    html = (
        '<h2>About myelin</h2><p><a href="/x">myelin</a> <abbr>DMT</abbr></p>'
        "<p>Then myelin &amp; a DMT &lt;here&gt;.</p>"
    )

    out = str(mark_up_terms(html, terms).html)

    assert "<h2>About myelin</h2>" in out
    assert '<a href="/x">myelin</a>' in out
    assert "Then <a" in out and "&amp; a <a" in out and "&lt;here&gt;" in out


def test_article_body_marks_terms_and_lists_them_below(client, hub, terms):
    article = ArticlePageFactory(
        parent=hub,
        body=[{"type": "paragraph", "value": "<p>Myelin protects nerves.</p>"}],
    )
    GlossaryPageFactory(parent=hub.get_parent())

    html = client.get(article.url).content.decode()

    assert 'href="#term-myelin"' in html
    assert '<div class="glossary-notes__item" id="term-myelin">' in html
    assert '<span id="term-myelin-text">The coating around nerves.</span>' in html
    assert 'href="/glossary/">All the words we explain' in html


def test_editors_can_turn_the_markup_off(client, hub, terms):
    article = ArticlePageFactory(
        parent=hub,
        glossary_markup=False,
        body=[{"type": "paragraph", "value": "<p>Myelin protects nerves.</p>"}],
    )

    html = client.get(article.url).content.decode()

    assert "glossary-term" not in html and "glossary-notes" not in html


def test_glossary_page_lists_every_term_by_letter_with_anchors(
    client, home_page, terms
):
    page = GlossaryPageFactory(parent=home_page)

    response = client.get(page.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="letter-d">D</h2>' in html
    assert '<div class="glossary__entry" id="term-disease-modifying-therapy">' in html
    assert "Also called: disease modifying drug, DMTs." in html
    assert list(response.context["letters"]) == ["D", "M", "R"]


def test_only_one_glossary_page_under_the_home_page(home_page):
    assert GlossaryPage.can_create_at(home_page)
    GlossaryPageFactory(parent=home_page)
    assert not GlossaryPage.can_create_at(home_page)
    assert GlossaryPage in HomePage.allowed_subpage_models()


def test_term_slug_is_made_from_the_term(db):
    term = Term.objects.create(term="BTK inhibitor", explanation="A new drug.")

    assert term.slug == "btk-inhibitor"
    assert term.anchor == "term-btk-inhibitor"


def test_terms_feed_search_synonyms_through_the_hook(terms):
    expected = [
        ("disease-modifying therapy", ["DMT", "disease modifying drug", "DMTs"]),
    ]
    assert Term.objects.synonyms() == expected
    results = [pair for hook in hooks.get_hooks("search_synonyms") for pair in hook()]
    assert expected[0] in results
