"""Which Wagtail site a request is for, from the cache.

Wagtail looks the site up in the database on every request that renders a
page; sites change rarely, and any change to one replaces the page cache's
epoch (see `invalidation`), which is part of every fragment's key.
"""

from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http.request import split_domain_port

from wagtail.models import Site

from .fragments import fragment


class CachedSiteMiddleware:
    """Sets the request's site where Wagtail keeps it (`request._wagtail_site`,
    read by `Site.find_for_request`), for hosts that ALLOWED_HOSTS accepts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            hostname = split_domain_port(request.get_host())[0]
        except DisallowedHost:
            return self.get_response(request)  # answered with a 400 further in
        port = request.get_port()
        try:
            request._wagtail_site = fragment(
                request,
                f"site:{hostname}:{port}",
                lambda: Site._find_for_request(request),
            )
        except DatabaseError:
            pass  # the view meets the outage too, where the outage pages answer
        return self.get_response(request)
