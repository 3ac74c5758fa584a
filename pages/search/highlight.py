"""Matched words in a result's text, marked with <mark> (PostgreSQL's ts_headline).

Wagtail's database search backend has no highlighting, so PostgreSQL makes
the excerpt from the search index's plain text; other databases get the
page's summary as it is.
"""

import re
from functools import reduce

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Markers no page text contains, swapped for <mark> after HTML escaping, so an
# editor's "<" in a summary can never become markup.
START, STOP = "\x02", "\x03"
_JOIN_AFTER_SENTENCE = re.compile(r"([.!?:])\s*,\s")


def can_highlight() -> bool:
    return connection.vendor == "postgresql"


def headline(words: list[str]) -> SearchHeadline:
    """An annotation: an excerpt of the page's indexed text around the matches."""
    query = reduce(
        lambda a, b: a | b,
        [SearchQuery(variant, search_type="plain") for variant in words],
    )
    return SearchHeadline(
        Coalesce("index_entries__body_text", Value("")),
        query,
        start_sel=START,
        stop_sel=STOP,
        max_words=35,
        min_words=15,
        short_word=3,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def as_html(text: str) -> SafeString:
    """Escape `text`, then turn the markers into <mark> elements."""
    # The index joins a page's fields and blocks with ", "; after a full stop
    # that reads as a stray comma.
    text = _JOIN_AFTER_SENTENCE.sub(r"\1 ", text)
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above
