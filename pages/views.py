from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponseNotFound, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wagtail.models import Site

from .cache.middleware import allow_page_cache, cache_for_visitors
from .feedback import FeedbackForm, allow_submission


def page_not_found(request, exception=None):
    """The 404 page with the site's normal header and footer.

    The menus come from the database; when it is down the page still renders,
    with a fallback header and footer that need no queries.
    """
    template = loader.get_template("404.html")
    try:
        content = template.render({"request_path": request.path}, request)
        allow_page_cache(request)
    except DatabaseError:
        content = template.render(
            {"request_path": request.path, "offline": True}, request
        )
    return HttpResponseNotFound(content)


def favicon(request):
    return HttpResponseRedirect(static("images/favicon.ico"))


@csrf_exempt
@require_POST
@never_cache
def feedback(request):
    """Record "Was this page helpful?" from a cached article page.

    Answers JSON to the page's script and a small page to everyone else.
    """
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = FeedbackForm(request.POST)
    if not allow_submission(request):
        status, message = 429, "You have sent a lot of feedback. Please try later."
    elif not form.is_valid():
        status, message = 400, "Sorry, we could not record that. Please try again."
    else:
        if not form.is_robot:
            form.save()
        status, message = 200, "Thank you for your feedback."
    page = form.cleaned_data.get("page") if form.is_bound and status != 429 else None
    if wants_json:
        return JsonResponse({"message": message}, status=status)
    return render(
        request,
        "pages/feedback_response.html",
        {"message": message, "article": page, "ok": status == 200},
        status=status,
    )


@cache_for_visitors
def robots_txt(request):
    """robots.txt: keep crawlers out of the admin and non-content URLs."""
    try:
        site = Site.find_for_request(request)
    except DatabaseError:
        site = None
    root = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    production = bool(settings.PRODUCTION_HOST) and (
        request.get_host() == settings.PRODUCTION_HOST
    )
    return render(
        request,
        "robots.txt",
        {"sitemap_url": root + reverse("sitemap"), "production": production},
        content_type="text/plain; charset=utf-8",
    )
