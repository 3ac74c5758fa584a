"""Parts of pages kept in the cache between renders: menus, site settings,
glossary terms and marked-up article bodies.

Their keys carry the page cache's epoch, which any change to a snippet,
setting, menu or redirect replaces (see `invalidation`), so they never
outlive what they were made from by more than a commit; and they expire
after PAGE_CACHE_TIMEOUT, like pages. This is not the page cache: a page
rendered with it switched off (PAGE_CACHE_ENABLED=false) still uses them.
"""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches

from . import store

T = TypeVar("T")
_MISSING = object()


def request_epoch(request) -> str:
    """The page cache's epoch, read once per request."""
    if request is None:
        return store.epoch()
    if not hasattr(request, "page_cache_epoch"):
        request.page_cache_epoch = store.epoch()
    return request.page_cache_epoch


def fragment(request, name: str, build: Callable[[], T]) -> T:
    """`build()`, or what it gave last time, until something shown everywhere
    changes; each name is built at most once per request."""
    memo = getattr(request, "_page_fragments", None)
    if memo is None:
        memo = {}
        if request is not None:
            request._page_fragments = memo
    if name in memo:
        return memo[name]
    cache = caches[settings.PAGE_CACHE_ALIAS]
    key = f"fragment:{request_epoch(request)}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, settings.PAGE_CACHE_TIMEOUT)
    memo[name] = value
    return value
