from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.module_loading import import_string

from . import clicks, fallback
from .links import BadLink, ClickLink
from .views import allow_provider_in_form_action, give


class GivingWithoutDatabaseMiddleware:
    """Answer the donate page and its give/ route from their stored copy when
    the database cannot be reached (see donations.fallback).

    Sits after pages' DatabaseOutageMiddleware, so its exception handler runs
    first and the rest of the site still gets the 503 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        if request.method not in ("GET", "HEAD"):
            return None
        copy = fallback.stored()
        if copy is None:
            return None
        if request.path == copy.url:
            response = fallback.render_stored_page(request, copy)
        elif request.path == copy.give_url:
            response = give(copy, request, copy.provider_url)
        else:
            return None
        fallback.logger.warning(
            "Database unavailable: %s answered from its stored copy", request.path
        )
        return allow_provider_in_form_action(response, copy.provider_url)


class DonateClickMiddleware:
    """Answer donate clicks (the signed links every donate button uses) before
    sessions, CSRF, authentication and URL resolving: a click needs none of
    them, and it is the busiest write on the site (see donations.clicks).

    Sits right after SecurityMiddleware, which still redirects plain HTTP and
    adds its headers. The header-only middleware listed later in MIDDLEWARE
    (Permissions-Policy, X-Frame-Options, CSP, noindex) add theirs too: run
    once per host on an empty answer, and their headers copied onto every
    click's since they depend on nothing else. Anything else under the path
    (a tampered token, a POST) goes on through the stack to the click view.
    """

    HEADER_MIDDLEWARE = (
        "django_permissions_policy.PermissionsPolicyMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "csp.middleware.CSPMiddleware",
        "pages.middleware.NoIndexMiddleware",
    )
    MAX_HOSTS = 64

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = reverse("donations:click", args=["token"]).removesuffix("token/")
        chain = self._blank
        # Innermost first, so headers are added in MIDDLEWARE's order.
        for path in reversed(settings.MIDDLEWARE):
            if path in self.HEADER_MIDDLEWARE:
                chain = import_string(path)(chain)
        self.header_chain = chain
        self.headers_by_host: dict[tuple, dict] = {}

    def __call__(self, request):
        path = request.path_info
        if path.startswith(self.prefix) and request.method in ("GET", "HEAD"):
            token = path[len(self.prefix) : -1]
            if path.endswith("/") and token and "/" not in token:
                try:
                    link = ClickLink.from_token(token)
                except BadLink:
                    pass
                else:
                    return self._answer(request, link)
        return self.get_response(request)

    def _answer(self, request, link):
        response = clicks.answer(request, link)
        for name, value in self._headers(request).items():
            if name not in response:
                response[name] = value
        return response

    def _headers(self, request) -> dict:
        key = (request.get_host(), request.is_secure())
        headers = self.headers_by_host.get(key)
        if headers is None:
            headers = dict(self.header_chain(request).headers)
            if len(self.headers_by_host) >= self.MAX_HOSTS:
                self.headers_by_host.clear()
            self.headers_by_host[key] = headers
        return headers

    @staticmethod
    def _blank(request):
        response = HttpResponse()
        del response["Content-Type"]
        return response
