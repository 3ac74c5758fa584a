"""Parts of pages kept in the cache between renders: menus, site settings,
the site, glossary terms and worked-out article bodies.

Their keys carry the page cache's epoch, which any change to a snippet,
setting, menu or redirect replaces (see `invalidation`), so they never
outlive what they were made from by more than a commit; and they expire
PAGE_CACHE_TIMEOUT after they were made, like pages. This is not the page
cache: a page rendered with it switched off (PAGE_CACHE_ENABLED=false) still
uses them.

Each process keeps a copy of the fragments it used, under the same keys, so
a page reads the epoch from the shared cache once instead of making a round
trip per fragment. The copy is kept pickled and loaded afresh for each
request, as the shared cache's would be: a request that changes an object it
was given (Wagtail caches `specific` on pages, say) changes only its own.
"""

import pickle
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches

from . import store

T = TypeVar("T")
_MISSING = object()
# Stored as (when made, value); the version keeps a deploy from reading the
# values of the release before, which were stored bare.
KEY_PREFIX = "fragment:v2"
# Fragments are small (a menu, a site, a body of a few kilobytes); a few
# hundred cover every page type's.
LOCAL_FRAGMENTS = 512


class _LocalFragments:
    """Pickled fragments by key, with when they were made (least recently used
    goes first)."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()

    def get(self, key: str):
        found = self.items.get(key)
        if found is None:
            return _MISSING
        made, pickled = found
        if time.time() - made >= settings.PAGE_CACHE_TIMEOUT:
            del self.items[key]
            return _MISSING
        self.items.move_to_end(key)
        return pickle.loads(pickled)

    def put(self, key: str, made: float, value) -> None:
        self.items[key] = (made, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        self.items.move_to_end(key)
        while len(self.items) > self.size:
            self.items.popitem(last=False)


_local = _LocalFragments(LOCAL_FRAGMENTS)


def _read_tokens(request) -> None:
    request.page_cache_epoch, request.page_cache_version = store.path_tokens(
        request.path
    )


def request_epoch(request) -> str:
    """The page cache's epoch, read once per request (with the path's version)."""
    if request is None:
        return store.epoch()
    if not hasattr(request, "page_cache_epoch"):
        _read_tokens(request)
    return request.page_cache_epoch


def path_version(request) -> str:
    """The version of the request's path, which a purge of the path replaces."""
    if not hasattr(request, "page_cache_version"):
        _read_tokens(request)
    return request.page_cache_version


def _shared(key: str, build: Callable[[], T]) -> T:
    value = _local.get(key)
    if value is not _MISSING:
        return value
    cache = caches[settings.PAGE_CACHE_ALIAS]
    made, value = cache.get(key, (None, _MISSING))
    if value is _MISSING:
        made, value = time.time(), build()
        cache.set(key, (made, value), settings.PAGE_CACHE_TIMEOUT)
    _local.put(key, made, value)
    return value


def fragment(request, name: str, build: Callable[[], T]) -> T:
    """`build()`, or what it gave last time, until something shown everywhere
    changes; each name is built at most once per request."""
    memo = getattr(request, "_page_fragments", None)
    if memo is None:
        memo = {}
        if request is not None:
            request._page_fragments = memo
    if name not in memo:
        memo[name] = _shared(f"{KEY_PREFIX}:{request_epoch(request)}:{name}", build)
    return memo[name]
