"""Stripe Checkout: `/donations/webhooks/stripe/`.

Signatures are checked offline by the official library
(`stripe.Webhook.construct_event`, HMAC-SHA256 of the timestamp and body
with the endpoint's signing secret, STRIPE_WEBHOOK_SECRET), and a signature
older than five minutes is refused, so a captured webhook cannot be replayed
later. No API call is made and no API key is needed.

Events acted on (subscribe the endpoint to these four):
- `checkout.session.completed`: paid, or started when the payment method
  pays later (Bacs Direct Debit and the like);
- `checkout.session.async_payment_succeeded` / `_failed`: those later payments;
- `charge.refunded`: a refund, in full or in part.

The portal's reference comes back as the session's `client_reference_id` (a
Stripe Payment Link fills it from the `client_reference_id` parameter the
donate page sends), or as `metadata.ref`. Gift Aid is read from
`metadata.gift_aid` ("yes"/"no") or a Checkout custom field keyed `gift_aid`.
A session in `subscription` mode is a monthly gift.
"""

import json
from datetime import UTC, datetime

from django.conf import settings

import stripe

from ...choices import Frequency
from .base import BadWebhook, Change, PaymentProvider, PaymentUpdate

SESSION_CHANGES = {
    "checkout.session.async_payment_succeeded": Change.PAID,
    "checkout.session.async_payment_failed": Change.FAILED,
}
YES = {"yes", "true", "1", "on"}


class StripeProvider(PaymentProvider):
    name = "stripe"
    label = "Stripe"

    def is_configured(self) -> bool:
        return bool(settings.STRIPE_WEBHOOK_SECRET)

    def parse(self, request) -> list[PaymentUpdate]:
        try:
            payload = request.body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BadWebhook("The body is not UTF-8 text.") from error
        try:
            stripe.Webhook.construct_event(
                payload,
                request.headers.get("Stripe-Signature"),
                settings.STRIPE_WEBHOOK_SECRET,
                tolerance=settings.DONATION_WEBHOOK_TOLERANCE_SECONDS,
            )
        except stripe.SignatureVerificationError as error:
            raise BadWebhook(f"Signature refused: {error.user_message}") from error
        except (ValueError, TypeError, AttributeError) as error:
            # Not JSON, or JSON that is not an event object (the library reads
            # it as one once the signature is good).
            raise BadWebhook("The body is not a Stripe event.") from error
        # Read as plain data; the library's objects are made for its API client.
        event = json.loads(payload)
        if not isinstance(event, dict):
            raise BadWebhook("The body is not a Stripe event.")
        event_id, kind = event.get("id"), event.get("type")
        data = event.get("data")
        obj = data.get("object") if isinstance(data, dict) else None
        if not (_text(event_id) and _text(kind) and isinstance(obj, dict)):
            raise BadWebhook("The event has no id, type or object.")
        occurred = _time(event.get("created"), "created")
        if kind.startswith("checkout.session.") and obj.get("mode") == "setup":
            return []  # saving a card for later: no gift
        if kind == "checkout.session.completed":
            status = obj.get("payment_status")
            if status == "paid":
                change = Change.PAID
            elif status == "unpaid":
                change = Change.STARTED
            else:  # no_payment_required: nothing was given
                return []
            return [_session_update(event_id, kind, change, obj, occurred)]
        if kind in SESSION_CHANGES:
            return [
                _session_update(event_id, kind, SESSION_CHANGES[kind], obj, occurred)
            ]
        if kind == "charge.refunded":
            return [_refund_update(event_id, kind, obj, occurred)]
        return []


def _session_update(event_id, kind, change, session, occurred) -> PaymentUpdate:
    if not _text(session.get("id")):
        raise BadWebhook("The checkout session has no id.")
    metadata = session.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise BadWebhook("The session's metadata is not an object.")
    mode = session.get("mode")
    if mode not in ("payment", "subscription"):
        raise BadWebhook(f"Checkout mode {str(mode)[:20]!r} is not a gift.")
    reference = session.get("client_reference_id") or metadata.get("ref") or ""
    if not isinstance(reference, str):
        raise BadWebhook("The reference is not text.")
    return PaymentUpdate(
        event_id=event_id,
        event_type=kind,
        change=change,
        payment_id=session["id"],
        charge_id=_id(session.get("payment_intent")) or _id(session.get("invoice")),
        amount_pence=_pence(session.get("amount_total")),
        currency=str(session.get("currency") or "").upper()[:3],
        frequency=Frequency.MONTHLY if mode == "subscription" else Frequency.ONE_OFF,
        gift_aid=_gift_aid(metadata, session.get("custom_fields")),
        reference=reference,
        started_at=_time(session.get("created"), "session created"),
        occurred_at=occurred,
    )


def _refund_update(event_id, kind, charge, occurred) -> PaymentUpdate:
    charge_id = _id(charge.get("payment_intent")) or _id(charge.get("invoice"))
    if not charge_id:
        raise BadWebhook("The refunded charge names no payment.")
    return PaymentUpdate(
        event_id=event_id,
        event_type=kind,
        change=Change.REFUNDED,
        charge_id=charge_id,
        amount_pence=_pence(charge.get("amount")),
        currency=str(charge.get("currency") or "").upper()[:3],
        refunded_pence=_pence(charge.get("amount_refunded"), allow_zero=True),
        occurred_at=occurred,
    )


def _gift_aid(metadata: dict, custom_fields) -> bool:
    if str(metadata.get("gift_aid", "")).lower() in YES:
        return True
    for field in custom_fields or []:
        if isinstance(field, dict) and field.get("key") == "gift_aid":
            value = (field.get("dropdown") or {}).get("value") or ""
            return str(value).lower() in YES
    return False


def _text(value) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 255


def _id(value) -> str:
    """An id, whether Stripe sent it as a string or an expanded object."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if _text(value) else ""


def _pence(value, allow_zero: bool = False) -> int:
    if type(value) is not int or value < 0 or (value == 0 and not allow_zero):
        raise BadWebhook("The amount is not a positive whole number of pence.")
    return value


def _time(value, what: str) -> datetime:
    if type(value) is not int or not 0 < value < 2**40:
        raise BadWebhook(f"The {what} time is missing or not a Unix time.")
    return datetime.fromtimestamp(value, tz=UTC)
