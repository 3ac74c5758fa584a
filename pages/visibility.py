"""Which pages are in private sections, worked out once per request.

Wagtail's `.public()` reads every view restriction each time it is called,
and a page may call it for its related articles, research cards and more.
Restrictions change rarely, and a change clears the page cache's epoch, so
their paths come from the cache.
"""

from django.db.models import Q

from wagtail.models import PageViewRestriction

from .cache.fragments import fragment


def private_q(request) -> Q:
    """Matches pages in a private section: `queryset.exclude(private_q(request))`
    is `queryset.public()`."""
    paths = fragment(
        request,
        "private-sections",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return query if paths else Q(pk__in=[])
