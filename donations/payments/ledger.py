"""Applying providers' payment updates to gifts: each event once, each payment
one gift, whatever order or how often the provider sends them.

Everything for one event happens in one transaction: the event is recorded
as done (unique per provider and event id) together with its change to the
gift (unique per provider and payment id), so a redelivered event changes
nothing, and an event refused half-way leaves nothing behind.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction

from ..models import Gift, GiftStatus, PaymentEvent
from .attribution import attribute
from .providers import BadWebhook, Change, PaymentUpdate
from .reference import BadReference, Reference

logger = logging.getLogger(__name__)

# A later event never undoes a later state: a payment confirmed (or refunded)
# stays so if an older "pending" event arrives after it.
RANK = {
    GiftStatus.PENDING: 0,
    GiftStatus.FAILED: 1,
    GiftStatus.PAID: 1,
    GiftStatus.REFUNDED: 2,
}
STATUS = {
    Change.STARTED: GiftStatus.PENDING,
    Change.PAID: GiftStatus.PAID,
    Change.FAILED: GiftStatus.FAILED,
}


def check(update: PaymentUpdate) -> Reference | None:
    """What can be refused before touching the database: currency, amounts and
    the reference. Returns the reference, read."""
    if update.currency != settings.DONATION_CURRENCY:
        raise BadWebhook(
            f"Gifts are taken in {settings.DONATION_CURRENCY} only, not "
            f"{update.currency or 'no currency'}."
        )
    if update.amount_pence > settings.DONATION_MAX_GIFT_PENCE:
        raise BadWebhook("The amount is larger than any gift taken online.")
    if update.refunded_pence > update.amount_pence:
        raise BadWebhook("More is refunded than was paid.")
    if not update.reference:
        return None
    try:
        return Reference.decode(update.reference)
    except BadReference as error:
        raise BadWebhook(f"Unknown reference ({error}).") from error


def apply(provider: str, update: PaymentUpdate) -> str:
    """Record one update; returns what happened, in a few words. Raises
    BadWebhook for input to refuse, DatabaseError when the database fails."""
    reference = check(update)
    with transaction.atomic():
        event, created = PaymentEvent.objects.get_or_create(
            provider=provider,
            event_id=update.event_id,
            defaults={"event_type": update.event_type},
        )
        if not created:
            return "already recorded"
        if update.change is Change.REFUNDED:
            gift, outcome = _refund(provider, update)
        else:
            gift, outcome = _payment(provider, update, reference)
        event.gift = gift
        event.save(update_fields=["gift"])
    return outcome


def _payment(provider: str, update: PaymentUpdate, reference) -> tuple[Gift, str]:
    status = STATUS[update.change]
    gifts = Gift.objects.select_for_update().filter(
        provider=provider, payment_id=update.payment_id
    )
    gift = gifts.first()
    if gift is None:
        fields = {
            "charge_id": update.charge_id,
            "status": status,
            "amount_pence": update.amount_pence,
            "currency": update.currency,
            "frequency": update.frequency,
            "gift_aid": update.gift_aid,
            "started_at": update.started_at,
            "given_at": update.occurred_at,
            **attribute(reference, update.started_at).fields(),
        }
        try:
            with transaction.atomic():
                gift = Gift.objects.create(
                    provider=provider, payment_id=update.payment_id, **fields
                )
            return gift, f"gift recorded ({gift.get_status_display().lower()})"
        except IntegrityError:
            # Another event about the same payment got there first.
            gift = gifts.get()
    if (gift.amount_pence, gift.currency) != (update.amount_pence, update.currency):
        raise BadWebhook("The amount or currency differs from the payment's.")
    if RANK[status] <= RANK[gift.status]:
        return gift, "no change"
    gift.status = status
    gift.given_at = update.occurred_at
    gift.charge_id = gift.charge_id or update.charge_id
    gift.save(update_fields=["status", "given_at", "charge_id"])
    return gift, f"gift {gift.get_status_display().lower()}"


def _refund(provider: str, update: PaymentUpdate) -> tuple[Gift, str]:
    gift = (
        Gift.objects.select_for_update()
        .filter(provider=provider, charge_id=update.charge_id)
        .first()
    )
    if gift is None:
        # Either not a gift made through this site, or the refund arrived before
        # the payment: the provider retries, and a retry after it succeeds.
        raise BadWebhook("Unknown payment: no gift has this charge.")
    if update.refunded_pence > gift.amount_pence:
        raise BadWebhook("More is refunded than the gift was.")
    if update.refunded_pence <= gift.refunded_pence:
        return gift, "no change"
    gift.refunded_pence = update.refunded_pence
    if gift.refunded_pence >= gift.amount_pence:
        gift.status = GiftStatus.REFUNDED
    gift.save(update_fields=["refunded_pence", "status"])
    return gift, "refund recorded"
