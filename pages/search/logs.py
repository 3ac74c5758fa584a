"""Search logs for editors: Wagtail's search terms, and searches that found nothing.

Queries may hold health details, so only the query text (cut, with e-mail
addresses and long numbers blanked) and a daily count are kept: no IP
address, user agent, session or time of day. `prune_search_logs` deletes
them after SEARCH_LOG_RETENTION_DAYS.
"""

import datetime
import re

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from .models import MAX_LOGGED_LENGTH, NoResultsSearch

_EMAIL = re.compile(r"\S+@\S+")
_LONG_NUMBER = re.compile(r"\d[\d\s-]{5,}\d")


def loggable(query: str) -> str:
    """The query as stored: lower case, personal details blanked, cut short."""
    text = _EMAIL.sub("[email]", query)
    text = _LONG_NUMBER.sub("[number]", text)
    return normalise_query_string(text)[:MAX_LOGGED_LENGTH].strip()


def record_search(query: str, found: int) -> None:
    """Count one search for the terms report, and for gaps if it found nothing."""
    text = loggable(query)
    if not text:
        return
    Query.get(text).add_hit()
    if not found:
        NoResultsSearch.record(text)


def prune(days: int | None = None) -> dict[str, int]:
    """Delete daily counts older than the retention period, and unused queries."""
    days = settings.SEARCH_LOG_RETENTION_DAYS if days is None else days
    cutoff = timezone.localdate() - datetime.timedelta(days=days)
    deleted = {
        "daily search counts": QueryDailyHits.objects.filter(date__lt=cutoff).delete()[
            0
        ],
        "searches with no results": NoResultsSearch.objects.filter(
            date__lt=cutoff
        ).delete()[0],
    }
    # Promoted queries stay: editors set them up, and they hold no visitor data.
    unused = Query.objects.filter(
        Q(daily_hits__isnull=True) & Q(editors_picks__isnull=True)
    )
    deleted["search terms"] = Query.objects.filter(pk__in=unused.values("pk")).delete()[
        0
    ]
    return deleted
