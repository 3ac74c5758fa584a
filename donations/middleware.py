from django.db import DatabaseError

from . import fallback
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
