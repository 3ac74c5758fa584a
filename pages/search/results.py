"""What each result shows: type, excerpt, and the status of research projects."""

from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.text import Truncator

from wagtail.models import Page

from . import highlight
from .types import label_for

SUMMARY_WORDS = 40


@dataclass
class SearchResult:
    title: str
    url: str
    type_label: str
    summary: SafeString | str
    status: str = ""
    status_label: str = ""


def _status(page) -> tuple[str, str]:
    # Any page type with a "status" choice field shows it as a badge (research
    # projects do), without `pages` importing the app that defines it.
    if getattr(page, "status", None) and hasattr(page, "get_status_display"):
        return page.status, page.get_status_display()
    return "", ""


def describe(pages: list[Page], words: list[str], request) -> list[SearchResult]:
    """One query for the pages' excerpts, then one per page type, whatever the count."""
    if not pages:
        return []
    queryset = Page.objects.filter(pk__in=[page.pk for page in pages])
    if highlight.can_highlight():
        queryset = queryset.annotate(search_headline=highlight.headline(words))
    specific = {page.pk: page for page in queryset.specific().defer_streamfields()}
    results = []
    for found in pages:
        page = specific.get(found.pk, found)
        excerpt = getattr(page, "search_headline", None)
        if excerpt:
            summary = highlight.as_html(excerpt)
        else:
            text = getattr(page, "summary", "") or page.search_description
            summary = Truncator(text).words(SUMMARY_WORDS)
        status, status_label = _status(page)
        results.append(
            SearchResult(
                title=page.title,
                url=page.get_url(request),
                type_label=label_for(page.content_type_id),
                summary=summary,
                status=status,
                status_label=status_label,
            )
        )
    return results
