"""Giving with the database down: the donate page and the hand-off to the
payment provider, answered from a stored copy of what they need.

Whenever the donate page renders or is published, what it needs (its address,
title, introduction, amounts and limits, designations, the provider's address
and the charity's name) is kept in the cache and in a file beside the click
spool, if it changed. While the database cannot be reached, the donate page
and its give/ route are answered from that copy instead of a 503 (see
GivingWithoutDatabaseMiddleware), so an outage never turns a donor away.
"""

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.template.loader import render_to_string

from wagtail.rich_text import expand_db_html

from .choices import Frequency

logger = logging.getLogger(__name__)

CACHE_KEY = "donations:donate-page-copy"
FILE_NAME = "donate-page.json"
# What this process last wrote, so a render that changes nothing writes nothing.
_last_written: dict = {}


@dataclass
class StoredDonatePage:
    """The donate page as the template, the forms and the hand-off use it."""

    pk: int
    url: str
    title: str
    intro: str
    summary: str
    offer_research_only: bool
    research_only_hint: str
    payment_note: str
    provider_url: str
    charity_name: str
    amounts: dict[str, list[dict]] = field(default_factory=dict)
    limits: dict[str, list[int]] = field(default_factory=dict)
    seo_title: str = ""

    def suggested_amounts(self, frequency: str) -> list[dict]:
        return [dict(item) for item in self.amounts.get(frequency, [])]

    def amount_limits(self, frequency: str) -> tuple[int, int]:
        low, high = self.limits.get(frequency, self.limits[Frequency.ONE_OFF])
        return low, high

    @property
    def give_url(self) -> str:
        return self.url + "give/"


def copy_of(page, request, provider_url: str, charity_name: str) -> StoredDonatePage:
    return StoredDonatePage(
        pk=page.pk,
        url=page.get_url(request),
        title=page.title,
        seo_title=page.seo_title,
        intro=expand_db_html(page.intro) if page.intro else "",
        summary=page.summary,
        offer_research_only=page.offer_research_only,
        research_only_hint=page.research_only_hint,
        payment_note=page.payment_note,
        provider_url=provider_url,
        charity_name=charity_name,
        amounts={f: page.suggested_amounts(f) for f in Frequency.values},
        limits={f: list(page.amount_limits(f)) for f in Frequency.values},
    )


def remember_page(page, request) -> None:
    """Keep a copy of the donate page as it was just served."""
    from pages.models import SiteSettings

    from .models import DonationSettings

    try:
        provider = DonationSettings.for_request(request).payment_provider_url
        charity = SiteSettings.for_request(request).legal_name
    except DatabaseError:
        return
    remember(copy_of(page, request, provider, charity))


def remember(copy: StoredDonatePage) -> None:
    """Keep `copy` in the cache and the file, unless it is what was kept last."""
    data = asdict(copy)
    if _last_written.get("data") == data:
        return
    try:
        cache.set(CACHE_KEY, data, timeout=None)
    except Exception:
        logger.warning("Could not keep the donate page's copy in the cache")
    try:
        _write(_file(), json.dumps(data))
    except OSError:
        logger.warning("Could not write the donate page's copy", exc_info=True)
        return
    _last_written["data"] = data


def _file() -> Path:
    return settings.DONATION_SPOOL_FILE.with_name(FILE_NAME)


def _write(path: Path, text: str) -> None:
    # Written beside and renamed over, so a reader never sees half a file.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_text(text)
    partial.replace(path)


def stored() -> StoredDonatePage | None:
    """The last copy kept: from the cache, else from this server's file."""
    data = None
    try:
        data = cache.get(CACHE_KEY)
    except Exception:
        data = None
    if data is None:
        try:
            data = json.loads(_file().read_text())
        except (OSError, ValueError):
            return None
    try:
        return StoredDonatePage(**data)
    except TypeError:
        return None  # a copy from an older release: nothing to fall back on


def render_stored_page(request, copy: StoredDonatePage, **context) -> HttpResponse:
    """The donate page from the copy, with the site's header and footer in their
    offline form (no menus: they come from the database)."""
    from .forms import donate_forms

    response_context = {
        "page": copy,
        "offline": True,
        "give_url": copy.give_url,
        "donate_forms": donate_forms(copy, request),
        # The Gift Aid wording names the charity; no settings query.
        "settings": {"pages": {"SiteSettings": {"legal_name": copy.charity_name}}},
        **context,
    }
    response = HttpResponse(
        render_to_string("donations/donate_page.html", response_context, request)
    )
    response["Cache-Control"] = "no-store"
    return response
