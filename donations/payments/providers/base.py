"""What every payment provider adapter gives the ledger.

An adapter checks that a webhook really comes from its provider (a signature
over the raw body, with a time limit against replays) and turns it into
`PaymentUpdate`s, reading only the fields a gift needs. It never passes on a
name, e-mail address, postal address or card detail, and never logs the body.
"""

import enum
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest


class BadWebhook(Exception):
    """A webhook to refuse with a 400: the message says why, for the log and the
    provider's dashboard (never anything from the payload)."""


class Change(enum.Enum):
    STARTED = "started"  # checkout completed, payment still on its way
    PAID = "paid"
    FAILED = "failed"
    REFUNDED = "refunded"


@dataclass(frozen=True)
class PaymentUpdate:
    """One thing that happened to one payment, as the provider reports it."""

    event_id: str
    event_type: str
    change: Change
    payment_id: str = ""  # the checkout's id; empty for refunds
    charge_id: str = ""  # what refunds name the payment by
    amount_pence: int = 0
    currency: str = ""
    frequency: str = ""
    gift_aid: bool = False
    reference: str = ""  # as received: checked by the ledger
    started_at: datetime | None = None
    occurred_at: datetime | None = None
    refunded_pence: int = 0


class PaymentProvider:
    """One provider: `name` is its part of the webhook address
    (`/donations/webhooks/<name>/`)."""

    name: str = ""
    label: str = ""

    def is_configured(self) -> bool:
        """Whether the secret it verifies with is set; otherwise its address is
        a 404."""
        raise NotImplementedError

    def parse(self, request: HttpRequest) -> list[PaymentUpdate]:
        """Verify the request and read it. Raises BadWebhook. Events the portal
        does not act on give an empty list (answered 200, so the provider
        stops sending them)."""
        raise NotImplementedError
