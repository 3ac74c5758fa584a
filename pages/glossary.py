"""Marks the first use of each glossary term in an article's HTML.

The term becomes a link to its explanation in the "Terms on this page" list
below the article (a footnote, so it works without JavaScript), described by
that explanation for screen readers. static/js/glossary.js turns the link
into a toggletip for people who can run scripts.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from bs4 import BeautifulSoup, NavigableString

# Text inside these is left alone: links and headings would nest badly, and
# code or existing abbreviations are already marked up.
SKIPPED_TAGS = {
    "a",
    "abbr",
    "button",
    "code",
    "dfn",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "label",
    "pre",
    "script",
    "style",
    "summary",
}


@dataclass
class MarkedUpBody:
    html: SafeString
    terms: list = field(default_factory=list)


def _pattern(terms) -> tuple[re.Pattern | None, dict, dict]:
    by_name: dict[str, object] = {}
    by_abbreviation: dict[str, object] = {}
    for term in terms:
        for name in [term.term, *term.other_names_list]:
            by_name.setdefault(name.lower(), term)
        if term.abbreviation:
            by_abbreviation.setdefault(term.abbreviation, term)
    if not by_name and not by_abbreviation:
        return None, by_name, by_abbreviation
    names = sorted(by_name, key=len, reverse=True)
    abbreviations = sorted(by_abbreviation, key=len, reverse=True)
    alternatives = []
    if names:
        alternatives.append("(?i:" + "|".join(map(re.escape, names)) + ")")
    if abbreviations:
        alternatives.append("|".join(map(re.escape, abbreviations)))
    # Whole words only: "relapse" is not marked inside "relapses" or "non-relapse".
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")
    return pattern, by_name, by_abbreviation


def _markup(term, text: str, is_abbreviation: bool) -> str:
    tag = "abbr" if is_abbreviation else "dfn"
    return format_html(
        '<a class="glossary-term" href="#{anchor}" id="{anchor}-ref" '
        'aria-describedby="{anchor}-text"><{tag}>{text}</{tag}></a>',
        anchor=term.anchor,
        tag=mark_safe(tag),  # one of two fixed names
        text=text,
    )


def mark_up_terms(html: str, terms) -> MarkedUpBody:
    """Link the first whole-word use of each term; return the terms used."""
    pattern, by_name, by_abbreviation = _pattern(terms)
    if pattern is None or not pattern.search(html):
        return MarkedUpBody(mark_safe(html))
    soup = BeautifulSoup(html, "html.parser")
    used: list = []
    used_pks: set = set()
    for node in list(soup.find_all(string=True)):
        if type(node) is not NavigableString:
            continue  # comments, CDATA and the like
        if any(parent.name in SKIPPED_TAGS for parent in node.parents):
            continue
        text = str(node)
        pieces, position = [], 0
        for match in pattern.finditer(text):
            word = match.group(0)
            is_abbreviation = word in by_abbreviation
            term = by_abbreviation.get(word) or by_name.get(word.lower())
            if term is None or term.pk in used_pks:
                continue
            used.append(term)
            used_pks.add(term.pk)
            pieces += [
                escape(text[position : match.start()]),
                _markup(term, word, is_abbreviation),
            ]
            position = match.end()
        if pieces:
            pieces.append(escape(text[position:]))
            node.replace_with(BeautifulSoup("".join(pieces), "html.parser"))
    return MarkedUpBody(mark_safe(str(soup)), used)
