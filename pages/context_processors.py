from django.conf import settings
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from wagtail.models import Site


def _site_name(request) -> str:
    try:
        site = Site.find_for_request(request)
    except DatabaseError:
        site = None
    return (site and site.site_name) or settings.WAGTAIL_SITE_NAME


def site_name(request) -> dict:
    """The site's name as editors set it, without a query unless a template uses it."""
    return {"site_name": SimpleLazyObject(lambda: _site_name(request))}
