import logging
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.http import QueryDict
from django.template.response import TemplateResponse

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from ..pagination import paginate
from . import result_cache
from .logs import record_search
from .query import build_query, clean_query, search_words, variants
from .results import describe
from .suggestions import correction, nearest_terms
from .types import content_type_ids, filter_choices, installed_types

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 10


def promotions(query: str, request) -> list[dict]:
    """Editors' promoted results for this exact query, live pages only."""
    picks = SearchPromotion.objects.filter(
        query__query_string=normalise_query_string(query)
    ).select_related("page")
    found = []
    for pick in picks:
        if pick.page_id and not pick.page.live:
            continue
        url = pick.page.get_url(request) if pick.page_id else pick.external_link_url
        found.append({"title": pick.title, "url": url, "description": pick.description})
    return found


@dataclass
class Outcome:
    """What a query found: one page of results, and any correction offered."""

    count: int = 0
    number: int = 1
    results: list = field(default_factory=list)
    did_you_mean: str = ""
    showing_instead: str = ""
    nearest: list[str] = field(default_factory=list)

    @property
    def page(self) -> PaginatorPage:
        """A paginator page to number the results and link the others."""
        return Paginator(range(self.count), RESULTS_PER_PAGE).page(self.number)


def find(words: list[str], type_key: str, request) -> Outcome:
    """One page of live, public results for the query's variants."""
    search_query = build_query(words)
    if search_query is None:
        return Outcome()
    pages = (
        Page.objects.live()
        .public()
        .filter(content_type_id__in=content_type_ids(type_key))
        .search(search_query)
    )
    try:
        # A savepoint, so a query the database refuses cannot spoil the
        # rest of the request; the cleaning in query.py should prevent it.
        with transaction.atomic():
            results_page = paginate(pages, RESULTS_PER_PAGE, request.GET.get("page"))
            return Outcome(
                count=results_page.paginator.count,
                number=results_page.number,
                results=describe(list(results_page.object_list), words, request),
            )
    except DatabaseError:
        logger.exception("Search failed for a query of %d characters", len(words[0]))
        return Outcome()


def look_up(query: str, type_key: str, request) -> Outcome:
    """The results, or those of the corrected query if only that finds any."""
    found = find(variants(query), type_key, request)
    did_you_mean = correction(query)
    if did_you_mean and not found.count:
        # A misspelling that finds nothing: show what the visitor meant.
        instead = find(variants(did_you_mean), type_key, request)
        if instead.count:
            instead.showing_instead = did_you_mean
            return instead
    found.did_you_mean = did_you_mean
    if not found.count:
        found.nearest = nearest_terms(query)
    return found


def _is_first_page(request) -> bool:
    return request.GET.get("page", "1") in ("", "1")


def search(request):
    """The site search: GET only, the same page for everyone, so it can be cached."""
    query = clean_query(request.GET.get("q"))
    type_key = request.GET.get("type", "")
    if type_key not in installed_types():
        type_key = ""

    outcome, promoted = Outcome(), []
    if search_words(query):
        if _is_first_page(request):
            outcome = result_cache.first_page(
                request, query, type_key, lambda: look_up(query, type_key, request)
            )
        else:
            outcome = look_up(query, type_key, request)
        if outcome.number == 1:
            promoted = promotions(query, request)
        # Logged on every search, cached results or not, for the reports.
        if outcome.number == 1 and "page" not in request.GET and not type_key:
            record_search(query, outcome.count)
    elif query:
        # Only punctuation or symbols: nothing to look for, but still a search.
        record_search(query, 0)

    keep = QueryDict(mutable=True)
    if query:
        keep["q"] = query
    if type_key:
        keep["type"] = type_key
    context = {
        "search_query": query,
        "search_type": type_key,
        "type_choices": filter_choices(),
        "results_page": outcome.page,
        "results": outcome.results,
        "promotions": promoted,
        "result_count": outcome.count,
        "query_prefix": keep.urlencode() + "&" if keep else "",
        "did_you_mean": outcome.did_you_mean,
        "showing_instead": outcome.showing_instead,
        "nearest_terms": outcome.nearest,
    }
    return TemplateResponse(request, "pages/search.html", context)
