"""First pages of search results, kept between searches.

Ranking thousands of matches is most of a search's cost, and visitors ask
the same few questions, so a query's first page (with its corrections) is
kept as a page-cache fragment (`pages.cache.fragments`): a change to a
snippet (glossary terms and treatments are the synonyms), setting or
redirect replaces the fragments' epoch. A page published, unpublished,
moved or deleted can change any query's results, so it also replaces a
version of our own that the keys carry. The view logs each search before it
asks here, so the search-terms and no-results reports still count them all.
"""

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..cache.fragments import fragment

T = TypeVar("T")
VERSION_KEY = "search:version"


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def version() -> str:
    cache = _cache()
    token = cache.get(VERSION_KEY)
    if token is None:
        # add() keeps two processes from disagreeing; with the cache down,
        # a fresh token each time, so every lookup misses.
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(VERSION_KEY) or uuid.uuid4().hex
    return token


def forget() -> None:
    """Make every kept result page unreachable: one write."""
    _cache().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def first_page(request, query: str, type_key: str, build: Callable[[], T]) -> T:
    """`build()`, or what it gave for the same query, type and host since
    the content last changed."""
    where = f"{request.get_host()}\n{type_key}\n{' '.join(query.casefold().split())}"
    digest = hashlib.blake2b(where.encode(), digest_size=16).hexdigest()
    return fragment(request, f"search:{version()}:{digest}", build)


@receiver(page_published, dispatch_uid="search_results_published")
@receiver(page_unpublished, dispatch_uid="search_results_unpublished")
@receiver(post_page_move, dispatch_uid="search_results_moved")
def _content_changed(**kwargs) -> None:
    # Now, and again once committed: a search in between may have kept the
    # old results under the new version.
    forget()
    transaction.on_commit(forget)


@receiver(post_delete, dispatch_uid="search_results_deleted")
def _deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        _content_changed()
