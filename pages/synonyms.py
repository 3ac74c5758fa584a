"""Search synonyms: widen a query with the other names of medicines and terms.

Apps contribute (term, [other names]) pairs through the `search_synonyms` hook:
`pages` from the glossary, `research` from treatment brand names. Expansion
happens in Python because PostgreSQL synonym dictionaries are files on the
database server, out of editors' reach (DECISIONS.md).
"""

import re

from wagtail import hooks


def synonym_groups() -> list[list[str]]:
    """Each term with its other names, the term first."""
    return [
        [term, *alternatives]
        for hook in hooks.get_hooks("search_synonyms")
        for term, alternatives in hook()
    ]


def name_pattern(name: str) -> re.Pattern:
    # Whole words only, so "MS" does not match inside "symptoms".
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)


def expand(query: str, groups: list[list[str]] | None = None) -> list[str]:
    """The query, then the query with each known name swapped for its others.

    "Ocrevus dose" gives ["Ocrevus dose", "ocrelizumab dose"]; a query with no
    known name gives just itself. Case is ignored, duplicates are dropped.
    """
    groups = synonym_groups() if groups is None else groups
    variants = [query]
    for group in groups:
        for name in group:
            pattern = name_pattern(name)
            if not pattern.search(query):
                continue
            for other in group:
                if other.casefold() != name.casefold():
                    variants.append(other.join(pattern.split(query)))
    unique: dict[str, str] = {}
    for variant in variants:
        unique.setdefault(variant.casefold(), variant)
    return list(unique.values())
