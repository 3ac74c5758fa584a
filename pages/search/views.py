import logging

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.http import QueryDict
from django.template.response import TemplateResponse

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from ..pagination import paginate
from .logs import record_search
from .query import build_query, clean_query, variants
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


def _empty_page() -> PaginatorPage:
    return Paginator([], RESULTS_PER_PAGE).page(1)


def find(words: list[str], type_key: str, request) -> tuple[PaginatorPage, list]:
    """One page of live, public results for the query's variants."""
    search_query = build_query(words)
    if search_query is None:
        return _empty_page(), []
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
            return results_page, describe(
                list(results_page.object_list), words, request
            )
    except DatabaseError:
        logger.exception("Search failed for a query of %d characters", len(words[0]))
        return _empty_page(), []


def search(request):
    """The site search: GET only, the same page for everyone, so it can be cached."""
    query = clean_query(request.GET.get("q"))
    type_key = request.GET.get("type", "")
    if type_key not in installed_types():
        type_key = ""
    words = variants(query) if query else []

    results_page, results, promoted = _empty_page(), [], []
    did_you_mean, showing_instead, nearest = "", "", []
    if words:
        results_page, results = find(words, type_key, request)
        first_page = results_page.number == 1
        if first_page:
            promoted = promotions(query, request)
        if first_page and "page" not in request.GET and not type_key:
            record_search(query, results_page.paginator.count)
        did_you_mean = correction(query)
        if did_you_mean and not results_page.paginator.count:
            # A misspelling that finds nothing: show what the visitor meant.
            results_page, results = find(variants(did_you_mean), type_key, request)
            if results_page.paginator.count:
                showing_instead, did_you_mean = did_you_mean, ""
        if not results_page.paginator.count:
            nearest = nearest_terms(query)
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
        "results_page": results_page,
        "results": results,
        "promotions": promoted,
        "result_count": results_page.paginator.count,
        "query_prefix": keep.urlencode() + "&" if keep else "",
        "did_you_mean": did_you_mean,
        "showing_instead": showing_instead,
        "nearest_terms": nearest,
    }
    return TemplateResponse(request, "pages/search.html", context)
