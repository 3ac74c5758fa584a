"""The payment providers' webhook endpoint: `POST /donations/webhooks/<provider>/`.

Answers, so that providers retry exactly when they should:
- 200 with what was done, including for an event already recorded (a
  redelivery) and for event types the portal does not act on;
- 400, logged, for anything refused: a missing, wrong or expired signature (a
  replay), a body that is not the provider's event, an unknown reference, a
  currency other than pounds, an impossible amount. Providers retry a 400 for
  a while, which lets a refund that arrived before its payment be recorded;
- 404 for a provider that is unknown or has no secret configured;
- 503 when the database cannot be reached: nothing is lost, because the
  provider keeps the event and sends it again (Stripe for up to three days).
"""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import ledger
from .providers import BadWebhook, get_provider

logger = logging.getLogger(__name__)


@csrf_exempt
@never_cache
@require_POST
def webhook(request, provider: str):
    adapter = get_provider(provider)
    if adapter is None:
        return HttpResponseNotFound("No such payment provider here.")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = settings.WEBHOOK_MAX_REQUEST_BYTES + 1
    if length > settings.WEBHOOK_MAX_REQUEST_BYTES:
        return _refuse(provider, "The body is too large.")
    try:
        if len(request.body) > settings.WEBHOOK_MAX_REQUEST_BYTES:
            return _refuse(provider, "The body is too large.")
        updates = adapter.parse(request)
        outcomes = [ledger.apply(provider, update) for update in updates]
    except BadWebhook as error:
        return _refuse(provider, str(error))
    except DatabaseError:
        logger.exception("Database unavailable: %s webhook not recorded", provider)
        response = HttpResponse(
            "The database is unavailable; please retry.", status=503
        )
        response["Retry-After"] = "60"
        return response
    if not outcomes:
        return JsonResponse({"result": "ignored: not an event the portal acts on"})
    return JsonResponse({"result": "; ".join(outcomes)})


def _refuse(provider: str, reason: str) -> HttpResponse:
    # Never the body: a provider's payload can hold a donor's details.
    logger.warning("Refused a %s webhook: %s", provider, reason)
    return JsonResponse({"error": reason}, status=400)
