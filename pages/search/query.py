"""Turn what a visitor typed into a safe query, widened with synonyms."""

import re
import unicodedata

from wagtail.search.query import Or, PlainText, SearchQuery

from ..synonyms import expand

# Longer queries are cut: nobody types more, and each word costs the database.
MAX_QUERY_LENGTH = 200
# Words kept from one query; the synonym variants multiply them.
MAX_WORDS = 12
# Synonym variants searched at most; a query naming many medicines stays cheap.
MAX_VARIANTS = 8

_WORD = re.compile(r"\w+")
_APOSTROPHES = re.compile(r"['’ʼ]")


def clean_query(raw: str | None) -> str:
    """The query as the visitor meant it: no control characters, cut, tidied."""
    text = (raw or "")[: MAX_QUERY_LENGTH * 4]
    # Cc and Cf cover NUL, other control characters and invisible formatting.
    text = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} else char
        for char in text
    )
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH].strip()


def search_words(text: str) -> str:
    """Only the words of `text`, so no character can act as a tsquery operator."""
    # "Parkinson's" becomes "Parkinsons", which stems like "Parkinson".
    words = _WORD.findall(_APOSTROPHES.sub("", text))
    return " ".join(words[:MAX_WORDS])


def variants(text: str) -> list[str]:
    """The query's words and their synonym variants, without empties or repeats."""
    found: dict[str, str] = {}
    for variant in expand(text):
        words = search_words(variant)
        if words:
            found.setdefault(words.casefold(), words)
    return list(found.values())[:MAX_VARIANTS]


def build_query(words: list[str]) -> SearchQuery | None:
    """One PlainText per variant, ORed: a synonym finds what its term finds."""
    if not words:
        return None
    queries = [PlainText(variant) for variant in words]
    return queries[0] if len(queries) == 1 else Or(queries)
