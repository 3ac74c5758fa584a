"""Serve anonymous visitors from the page cache, and fill it.

Sits after SecurityMiddleware (the HTTPS redirect and security headers apply
to every response) and WhiteNoise, and before the session, CSRF and
authentication middleware, so a hit costs a couple of cache reads and none of
the work behind it. A miss goes through everything else; what the inner
middleware adds (CSP, X-Frame-Options, X-Robots-Tag) is stored with the page.

A response is stored only when its view said the page is the same for every
visitor (`allow_page_cache`, called for every Wagtail page, the sitemap,
robots.txt and the 404 page), the visitor has no session (editors never get,
or give, a cached copy), and the response sets no cookie, is not private and
is a 200, a redirect or a 404.
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control

from . import store
from .queries import ReadTrackingQueryDict

CACHEABLE_STATUSES = {200, 301, 302, 404}
# Never looked up: the admin and everything that must reach the app each time
# (donate clicks are counted one by one, documents check permissions).
BYPASS_PREFIXES = (
    "/admin/",
    "/donations/",
    "/documents/",
    "/media/",
    "/healthz",
    "/livez",
)


def allow_page_cache(request) -> None:
    """Say that this request's response is the same for every visitor."""
    request.page_cache_allowed = True


def cache_for_visitors(view):
    """allow_page_cache for a view."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        allow_page_cache(request)
        return view(request, *args, **kwargs)

    return wrapped


def is_anonymous_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not getattr(request, "is_dummy", False)  # Wagtail's previews
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(BYPASS_PREFIXES)
    )


def _is_public(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        getattr(request, "page_cache_allowed", False)
        and response.status_code in CACHEABLE_STATUSES
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store"))
    )


def _public_headers(response) -> None:
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_MAX_AGE,
        s_maxage=settings.PAGE_CACHE_TIMEOUT,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
        stale_if_error=settings.PAGE_CACHE_STALE_IF_ERROR,
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request):
            response = self.get_response(request)
            if getattr(request, "page_cache_allowed", False):
                # An editor's copy (with the Wagtail userbar) stays theirs.
                patch_cache_control(response, private=True, no_cache=True)
            return response

        request.GET = ReadTrackingQueryDict(
            request.META.get("QUERY_STRING", ""), request.encoding
        )
        found = store.lookup(request) if settings.PAGE_CACHE_ENABLED else None
        if found and found.entry and found.entry.is_fresh:
            return found.entry.respond(request, "HIT")
        if found:
            # For fragments: the same tokens, without reading them again.
            request.page_cache_epoch = found.epoch
            request.page_cache_version = found.version

        response = self.get_response(request)
        if found and found.entry and response.status_code >= 500:
            # Rendering failed (the database is down, say): the last good copy
            # is better than an error page.
            return found.entry.respond(request, "STALE")
        if not _is_public(request, response):
            return response

        _public_headers(response)
        if not found:
            return response  # off, or Redis down: proxies in front may still cache
        entry = store.Entry.from_response(response)
        store.save(request, found, request.GET.significant(), entry)
        return entry.respond(request, "MISS")
