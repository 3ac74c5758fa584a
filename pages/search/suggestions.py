"""'Did you mean …?': the nearest known words to a misspelt query.

The vocabulary is what visitors look for by name: page titles, glossary terms
and every synonym (treatment brand and generic names among them). A word
outside it is still spelt right if indexed text uses it ("diagnosis" in an
article's body), so only words found in neither are corrected. PostgreSQL's
pg_trgm measures how alike two words are; on other databases there are simply
no suggestions.
"""

import re
from difflib import SequenceMatcher

from django.core.cache import cache
from django.db import connection
from django.db.models import Q

from wagtail.models import Page
from wagtail.search.models import IndexEntry

from ..models import Term
from ..synonyms import synonym_groups

VOCABULARY_KEY = "search:vocabulary"
# The page cache's own lifetime: a new page's title is suggested as soon as
# the pages that would show it are.
VOCABULARY_TIMEOUT = 300
# pg_trgm's similarity, 0 to 1, picks candidates quickly; it scores swapped
# letters ("mylein") low, so the candidates are then ranked by how much of the
# spelling they share, in order (difflib), and only a close one is a correction.
MIN_SIMILARITY = 0.2
CANDIDATES = 10
MIN_SPELLING_MATCH = 0.75
# Words merely offered to try after a search that found nothing.
MIN_NEAREST_SIMILARITY = 0.25
# Words shorter than this have too few trigrams to compare usefully.
MIN_WORD_LENGTH = 4
NEAREST_TERMS = 5

_WORD = re.compile(r"\w+")


def vocabulary() -> list[str]:
    """Known words, lower case, each once; cached, so a search costs no scan."""
    words = cache.get(VOCABULARY_KEY)
    if words is None:
        phrases = list(
            Page.objects.live()
            .public()
            .filter(~Q(depth__lte=1))
            .values_list("title", flat=True)
        )
        phrases += Term.objects.values_list("term", flat=True)
        phrases += [name for group in synonym_groups() for name in group]
        words = sorted(
            {
                word
                for phrase in phrases
                for word in _WORD.findall(phrase.casefold())
                if len(word) >= MIN_WORD_LENGTH and not word.isdigit()
            }
        )
        cache.set(VOCABULARY_KEY, words, VOCABULARY_TIMEOUT)
    return words


def _nearest(
    word: str, known: list[str], limit: int, threshold: float = MIN_SIMILARITY
) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT known FROM unnest(%s::text[]) AS known "
            "WHERE similarity(known, %s) >= %s "
            "ORDER BY similarity(known, %s) DESC, known LIMIT %s",
            [known, word, threshold, word, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def in_index(words: list[str]) -> set[str]:
    """Those of `words` that indexed text uses as they are spelt, in one query.

    The index's lexemes are stems, and a misspelling can stem like the word
    meant ("vitamine" like "vitamin"), so the GIN indexes only find the rows
    to read; the word must then appear whole in their text. A stop word has
    no lexeme and is never a misspelling.
    """
    if not words:
        return set()
    table = connection.ops.quote_name(IndexEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word FROM unnest(%s::text[]) AS word "
            "WHERE numnode(plainto_tsquery(word)) = 0 OR EXISTS ("
            f"  SELECT 1 FROM {table} AS entry"
            "  WHERE (entry.title @@ plainto_tsquery(word)"
            "         OR entry.body @@ plainto_tsquery(word))"
            "  AND entry.title_text || ' ' || entry.body_text"
            "      ~* ('\\m' || word || '\\M'))",
            [words],
        )
        return {row[0] for row in cursor.fetchall()}


def correction(query: str) -> str:
    """The query with each unknown word swapped for the nearest known one, or
    "" when nothing needs (or can be given) a correction."""
    if connection.vendor != "postgresql":
        return ""
    known = vocabulary()
    known_set = set(known)
    typed = _WORD.findall(query.casefold())
    unknown = {
        word for word in typed if len(word) >= MIN_WORD_LENGTH and word not in known_set
    }
    unknown -= in_index(sorted(unknown))
    changed = False
    words = []
    for word in typed:
        if word in unknown:
            best = max(
                _nearest(word, known, CANDIDATES),
                key=lambda each: SequenceMatcher(None, word, each).ratio(),
                default="",
            )
            if best and SequenceMatcher(None, word, best).ratio() >= MIN_SPELLING_MATCH:
                word, changed = best, True
        words.append(word)
    return " ".join(words) if changed else ""


def nearest_terms(query: str) -> list[str]:
    """A few known words close to the query's, for a search that found nothing."""
    if connection.vendor != "postgresql":
        return []
    known = vocabulary()
    found: list[str] = []
    for word in _WORD.findall(query.casefold()):
        if len(word) >= MIN_WORD_LENGTH:
            found += _nearest(word, known, NEAREST_TERMS, MIN_NEAREST_SIMILARITY)
    return list(dict.fromkeys(found))[:NEAREST_TERMS]
