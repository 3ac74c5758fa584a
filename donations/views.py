import logging
from collections import Counter
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotFound,
    HttpResponseRedirect,
)
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from pages.visitors import network_key, user_agent, within_rate_limit

from . import clicks
from .choices import Frequency
from .clicks import donate_page_url
from .fallback import StoredDonatePage, render_stored_page
from .forms import DonateForm, donate_forms
from .links import (
    BEACON_MAX_BYTES,
    BEACON_MAX_TOKENS,
    BadLink,
    ClickLink,
    add_query,
    is_allowed_external_url,
    is_site_path,
)
from .models import DonationSettings
from .payments.handoff import checkout_url, provider_params
from .recording import ImpressionKey, add_impressions
from .visitors import count_refusal, is_bot

logger = logging.getLogger(__name__)


def invalid_link(request) -> HttpResponse:
    """A 404 that still helps: the donate page is one click away."""
    template = loader.get_template("donations/invalid_link.html")
    context = {"donate_url": donate_page_url(request)}
    try:
        content = template.render(context, request)
    except DatabaseError:
        content = template.render({**context, "offline": True}, request)
    response = HttpResponseNotFound(content)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "HEAD"])
def click(request, token: str):
    """Record a donate click, then send the visitor on (a 302, whatever happens).

    DonateClickMiddleware answers good links before they get here (see
    donations.clicks); this view answers when it is left out, and turns
    tampered links away with a page that still helps.
    """
    try:
        link = ClickLink.from_token(token)
    except BadLink:
        return invalid_link(request)
    return clicks.answer(request, link)


@csrf_exempt
@never_cache
@require_POST
def impressions(request):
    """Count donate buttons seen, sent by donation-impressions.js with sendBeacon.

    Strict: a body of one to twenty signed button tokens (16 KB at most, see
    donations.links), nothing else. It is
    CSRF-exempt (pages are cached and carry no token), so cross-site posts and
    floods are refused instead.
    """
    if request.headers.get("DNT") == "1" or request.headers.get("Sec-GPC") == "1":
        return HttpResponse(status=204)
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return HttpResponseBadRequest("Cross-site beacons are not accepted.")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = BEACON_MAX_BYTES + 1
    if length > BEACON_MAX_BYTES or not request.content_type.startswith(
        "application/x-www-form-urlencoded"
    ):
        return HttpResponseBadRequest("Send up to 16 KB of form-encoded tokens.")
    try:
        if len(request.body) > BEACON_MAX_BYTES:  # sent without a Content-Length
            return HttpResponseBadRequest("Send up to 16 KB of form-encoded tokens.")
        tokens = request.POST.getlist("t")
        extra = set(request.POST) - {"t"}
    except Exception:  # Django raises several kinds on a malformed body
        return HttpResponseBadRequest("Unreadable body.")
    if extra or not 1 <= len(tokens) <= BEACON_MAX_TOKENS:
        return HttpResponseBadRequest("Send one to twenty 't' fields.")
    try:
        links = {ClickLink.from_token(token) for token in tokens}
    except BadLink:
        return HttpResponseBadRequest("Unknown button.")

    agent = user_agent(request)
    if is_bot(agent):
        return HttpResponse(status=204)
    limit = settings.DONATION_BEACON_RATE_LIMIT
    if not within_rate_limit("beacon", network_key(request), limit):
        count_refusal("beacon")
        return HttpResponse(status=429)

    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    counts = Counter(
        ImpressionKey(
            hour,
            link.cta_id,
            link.variant,
            link.placement,
            link.page_id,
            link.ab_test,
            link.assigned,
        )
        for link in links
        if link.page_id is not None
    )
    try:
        add_impressions(counts)
    except DatabaseError:
        logger.exception("Could not store donate button impressions")
        return HttpResponse(status=503)
    return HttpResponse(status=204)


def give(page, request, provider_url: str | None = None):
    """The donate form's target: a 302 to the payment provider, or the page again
    with the problems explained. `page` is the DonatePage, or its stored copy
    while the database is down (see donations.fallback)."""
    form = DonateForm(request.GET, page=page)
    if provider_url is None:
        provider_url = DonationSettings.for_request(request).payment_provider_url
    provider = checkout_url(provider_url)
    if form.is_valid():
        if provider and (is_allowed_external_url(provider) or is_site_path(provider)):
            params = provider_params(
                form.cleaned_data, page.pk, request.get_host().split(":")[0]
            )
            return HttpResponseRedirect(add_query(provider, params))
        logger.error("Donate form used but no allowed payment provider URL is set")
        form.add_error(
            None,
            "Sorry, online giving is not working right now. Please try again later.",
        )
    context = {
        "donate_forms": donate_forms(page, request, submitted=form),
        "error_summary": _error_summary(form),
    }
    if isinstance(page, StoredDonatePage):
        return render_stored_page(request, page, **context)
    return page.render(request, context_overrides=context)


def _error_summary(form: DonateForm) -> list[dict]:
    frequency = form.data.get("frequency")
    if frequency not in Frequency.values:
        frequency = Frequency.ONE_OFF
    summary = []
    for name, errors in form.errors.items():
        anchor = {
            "amount": f"{frequency}-amount",
            "other_amount": f"{frequency}-other-amount",
        }.get(name, f"{frequency}-form")
        summary.append({"message": errors[0], "anchor": anchor})
    return summary


def allow_form_to_reach_provider(request, response):
    """Let the donate form's redirect through the page's CSP.

    Browsers apply `form-action` to every redirect after a form is submitted, so
    the page holding the form must allow the provider's origin too.
    """
    try:
        provider = DonationSettings.for_request(request).payment_provider_url
    except DatabaseError:
        return response
    return allow_provider_in_form_action(response, provider)


def allow_provider_in_form_action(response, provider: str):
    if provider and is_allowed_external_url(provider):
        parts = urlsplit(provider)
        response._csp_update = {"form-action": [f"{parts.scheme}://{parts.netloc}"]}
    return response
