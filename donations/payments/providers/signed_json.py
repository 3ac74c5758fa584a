"""A generic HMAC-signed JSON callback: `/donations/webhooks/signed-json/`.

For any provider (or the charity's own checkout) that can post JSON with a
shared secret, DONATION_CALLBACK_SECRET. The request carries
`X-Signature: t=<Unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; a
signature more than five minutes old is refused. The body:

    {"id": "evt-123",                      unique per event
     "type": "payment.paid",               payment.started | payment.paid |
                                           payment.failed | payment.refunded
     "payment_id": "pay-456",              the same for every event of a payment
     "amount": 2500, "currency": "GBP",    whole pence
     "frequency": "one-off",               or "monthly"
     "gift_aid": true,
     "reference": "m1…",                   what the donate page sent as `ref`
     "started_at": 1767225600,             when checkout began (Unix time)
     "created": 1767225660,                when this event happened
     "refunded_amount": 0}                 refunds: the total refunded so far

Only these keys are read; anything else in the body (a donor's details, say)
is ignored and never stored.
"""

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime

from django.conf import settings

from ...choices import Frequency
from .base import BadWebhook, Change, PaymentProvider, PaymentUpdate

HEADER = "X-Signature"
CHANGES = {
    "payment.started": Change.STARTED,
    "payment.paid": Change.PAID,
    "payment.failed": Change.FAILED,
    "payment.refunded": Change.REFUNDED,
}


def signature_header(body: bytes, secret: str, timestamp: int | None = None) -> str:
    """The X-Signature header for `body`: what a sender computes."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(body: bytes, header: str | None, secret: str, tolerance: int) -> None:
    if not header:
        raise BadWebhook(f"No {HEADER} header.")
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
        signature = parts["v1"]
    except (ValueError, KeyError) as error:
        raise BadWebhook(f"The {HEADER} header is malformed.") from error
    expected = signature_header(body, secret, timestamp).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, signature):
        raise BadWebhook("Signature refused: it does not match the body.")
    if abs(time.time() - timestamp) > tolerance:
        raise BadWebhook("Signature refused: too old (a replay?) or from the future.")


class SignedJSONProvider(PaymentProvider):
    name = "signed-json"
    label = "Signed JSON callback"

    def is_configured(self) -> bool:
        return bool(settings.DONATION_CALLBACK_SECRET)

    def parse(self, request) -> list[PaymentUpdate]:
        verify(
            request.body,
            request.headers.get(HEADER),
            settings.DONATION_CALLBACK_SECRET,
            settings.DONATION_WEBHOOK_TOLERANCE_SECONDS,
        )
        try:
            data = json.loads(request.body)
        except ValueError as error:
            raise BadWebhook("The body is not JSON.") from error
        if not isinstance(data, dict):
            raise BadWebhook("The body is not a JSON object.")
        kind = data.get("type")
        if kind not in CHANGES:
            raise BadWebhook("Unknown event type.")
        change = CHANGES[kind]
        event_id, payment_id = data.get("id"), data.get("payment_id")
        if not (_text(event_id) and _text(payment_id)):
            raise BadWebhook("The event needs an id and a payment_id.")
        frequency = data.get("frequency", Frequency.ONE_OFF)
        if change is not Change.REFUNDED and frequency not in Frequency.values:
            raise BadWebhook("frequency must be 'one-off' or 'monthly'.")
        gift_aid = data.get("gift_aid", False)
        reference = data.get("reference") or ""
        if not isinstance(gift_aid, bool) or not isinstance(reference, str):
            raise BadWebhook("gift_aid must be true or false, reference text.")
        occurred = _time(data.get("created"), "created")
        return [
            PaymentUpdate(
                event_id=event_id,
                event_type=kind,
                change=change,
                payment_id="" if change is Change.REFUNDED else payment_id,
                charge_id=payment_id,
                amount_pence=_pence(data.get("amount")),
                currency=str(data.get("currency") or "")[:3].upper(),
                frequency=frequency if change is not Change.REFUNDED else "",
                gift_aid=gift_aid,
                reference=reference,
                started_at=_time(data.get("started_at", data.get("created")), "start"),
                occurred_at=occurred,
                refunded_pence=(
                    _pence(data.get("refunded_amount"))
                    if change is Change.REFUNDED
                    else 0
                ),
            )
        ]


def _text(value) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 255


def _pence(value) -> int:
    if type(value) is not int or value <= 0:
        raise BadWebhook("Amounts must be positive whole numbers of pence.")
    return value


def _time(value, what: str) -> datetime:
    if type(value) is not int or not 0 < value < 2**40:
        raise BadWebhook(f"The {what} time is missing or not a Unix time.")
    return datetime.fromtimestamp(value, tz=UTC)
