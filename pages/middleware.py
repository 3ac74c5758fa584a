from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.template.loader import render_to_string

from wagtail.contrib.redirects.middleware import (
    RedirectMiddleware as WagtailRedirectMiddleware,
)


class HealthCheckMiddleware:
    """Answer the two probes, before anything else can stop or slow them.

    - /healthz: readiness, 200 when the database answers a query, 503 when not.
    - /livez: liveness, 200 whenever this process can answer at all. Varnish
      probes it, so an app server stays in rotation while the database is
      down: it still serves stale pages and the donate page's stored copy.

    Sits first in MIDDLEWARE so that neither ALLOWED_HOSTS nor the HTTPS
    redirect stops a load balancer's probe, and no cache ever keeps an answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/livez":
            response = HttpResponse("alive\n", content_type="text/plain")
        elif request.path == "/healthz":
            response = self._readiness()
        else:
            return self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def _readiness() -> HttpResponse:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return HttpResponse(
                "database unavailable\n", content_type="text/plain", status=503
            )
        return HttpResponse("ok\n", content_type="text/plain")


class PublicGZipMiddleware(GZipMiddleware):
    """Compress HTML, JSON and XML, except the admin's.

    Public pages carry no secret, so compressing them gives BREACH nothing to
    find. Admin pages put a CSRF token beside text an editor (or an attacker's
    link) chose; they are left alone rather than relying on Django's masking.
    Cached pages arrive already compressed and pass through.
    """

    def process_response(self, request, response):
        if request.path.startswith("/admin/"):
            return response
        return super().process_response(request, response)


class NoIndexMiddleware:
    """Keep search engines off every host but the production one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not settings.PRODUCTION_HOST
            or request.get_host() != settings.PRODUCTION_HOST
        ):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class RedirectMiddleware(WagtailRedirectMiddleware):
    """Wagtail's redirects, except that a database outage leaves a 404 a 404.

    Wagtail looks every 404 up in the redirects table; with the database down
    that lookup would turn a helpful "page not found" into a server error.
    """

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except DatabaseError:
            return response


class DatabaseOutageMiddleware:
    """Answer 503 with a static page when the database cannot be reached.

    A 503 with Retry-After tells visitors, caches and search engines that the
    outage is temporary, where a 500 would say the page is broken.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response


class RequestSizeMiddleware:
    """Refuse oversized bodies, and files where no upload belongs, before any of
    the body is read.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count files, and a multipart
    body is read in full (to disk) as soon as anything asks for request.POST,
    CSRF checks included. Outside the admin nothing takes uploads: public forms
    (feedback, the impressions beacon) are a few kilobytes of form fields.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in {"GET", "HEAD", "OPTIONS"}:
            return self.get_response(request)
        in_admin = request.path_info.startswith(settings.ADMIN_URL_PREFIX)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body for an unreadable length either
        if in_admin:
            limit = settings.ADMIN_MAX_REQUEST_BYTES
        elif request.path_info.startswith(settings.WEBHOOK_URL_PREFIX):
            limit = settings.WEBHOOK_MAX_REQUEST_BYTES
        else:
            limit = settings.PUBLIC_MAX_REQUEST_BYTES
        if length > limit:
            return _refusal(
                413, f"That is more than we accept ({limit // 1024:,} KB at most)."
            )
        if not in_admin and request.content_type == "multipart/form-data":
            return _refusal(400, "This address does not take file uploads.")
        return self.get_response(request)


def _refusal(status: int, message: str) -> HttpResponse:
    response = HttpResponse(
        message + "\n", content_type="text/plain; charset=utf-8", status=status
    )
    response["Cache-Control"] = "no-store"
    return response
