"""Correctly signed provider webhooks, made offline: for the demo checkout, the
tests and `make bench` (`manage.py make_donation_webhooks`).

Stripe payloads are signed with the official library's own helper
(`stripe.WebhookSignature.generate_signature_header`), so they pass exactly
the check real ones do.
"""

import json
import time
import uuid
from dataclasses import dataclass

from django.conf import settings

import stripe

from ..choices import Frequency
from .providers.signed_json import HEADER, signature_header


@dataclass(frozen=True)
class SignedWebhook:
    """A body and the headers that go with it."""

    path: str
    body: bytes
    headers: dict[str, str]

    def post(self, client):
        """Send it with a Django test client."""
        return client.post(
            self.path,
            data=self.body,
            content_type="application/json",
            headers=self.headers,
        )


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:24]}"


def stripe_session(
    amount_pence: int = 2500,
    frequency: str = Frequency.ONE_OFF,
    gift_aid: bool = False,
    reference: str = "",
    session_id: str | None = None,
    payment_status: str = "paid",
    currency: str = "gbp",
    created: int | None = None,
) -> dict:
    """A Checkout Session as Stripe sends it, with only the fields that matter."""
    session_id = session_id or new_id("cs_test")
    return {
        "id": session_id,
        "object": "checkout.session",
        "mode": "subscription" if frequency == Frequency.MONTHLY else "payment",
        "payment_status": payment_status,
        "amount_total": amount_pence,
        "currency": currency,
        "client_reference_id": reference or None,
        "metadata": {"gift_aid": "yes" if gift_aid else "no"},
        "payment_intent": "pi" + session_id[2:],
        "created": int(time.time()) if created is None else created,
        # What Stripe really sends, and the portal must never store.
        "customer_details": {"email": "donor@example.org", "name": "A Donor"},
    }


def stripe_charge(payment_intent: str, amount: int, refunded: int) -> dict:
    return {
        "id": new_id("ch_test"),
        "object": "charge",
        "payment_intent": payment_intent,
        "amount": amount,
        "amount_refunded": refunded,
        "currency": "gbp",
    }


def stripe_event(kind: str, obj: dict, event_id: str | None = None) -> dict:
    return {
        "id": event_id or new_id("evt_test"),
        "object": "event",
        "type": kind,
        "created": int(time.time()),
        "livemode": False,
        "data": {"object": obj},
    }


def signed_stripe(
    event: dict, secret: str | None = None, timestamp: int | None = None
) -> SignedWebhook:
    body = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(
        body, secret or settings.STRIPE_WEBHOOK_SECRET, timestamp=timestamp
    )
    return SignedWebhook(
        "/donations/webhooks/stripe/", body.encode(), {"Stripe-Signature": header}
    )


def signed_json(
    event: dict, secret: str | None = None, timestamp: int | None = None
) -> SignedWebhook:
    body = json.dumps(event).encode()
    header = signature_header(
        body, secret or settings.DONATION_CALLBACK_SECRET, timestamp
    )
    return SignedWebhook("/donations/webhooks/signed-json/", body, {HEADER: header})
