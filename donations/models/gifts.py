"""Gifts, recorded from the payment provider's own confirmations (webhooks).

A gift row holds what the fundraising report needs and nothing that
identifies the donor: no name, e-mail, address or card detail is ever stored,
and the provider's payload itself is not kept. The provider is the ledger;
these rows say which donate button each gift came from.
"""

from django.db import models
from django.utils import timezone

from ..choices import Frequency
from .snippets import DonationCallToAction


class GiftStatus(models.TextChoices):
    PENDING = "pending", "Payment pending"
    PAID = "paid", "Paid"
    FAILED = "failed", "Payment failed"
    REFUNDED = "refunded", "Refunded in full"


class AttributionSource(models.TextChoices):
    """How the gift reached the payment provider, by the attribution rule."""

    BUTTON = "button", "A donate button"
    DONATE_PAGE = "donate-page", "The donate page, without a button"
    EXPIRED = "expired", "A donate button, clicked too long before"
    NONE = "none", "No reference from this website"


class Gift(models.Model):
    """One gift as the payment provider confirmed it, and the donate button (if
    any) the attribution rule credits it to."""

    provider = models.CharField(max_length=20)
    # The provider's id for the checkout (Stripe: the Checkout Session), unique
    # per provider: every event about the same payment updates this row.
    payment_id = models.CharField(max_length=255)
    # The id refunds name (Stripe: the PaymentIntent, or the first invoice).
    charge_id = models.CharField(max_length=255, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=GiftStatus.choices)
    amount_pence = models.PositiveIntegerField()
    refunded_pence = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3, default="GBP")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    gift_aid = models.BooleanField(default=False)
    # When the donor reached the provider's checkout, and when it was paid (or
    # last changed): UK days of the report count `given_at`.
    started_at = models.DateTimeField()
    given_at = models.DateTimeField(db_index=True)
    received_at = models.DateTimeField(default=timezone.now)

    source = models.CharField(
        max_length=12,
        choices=AttributionSource.choices,
        default=AttributionSource.NONE,
    )
    # Like clicks, gifts outlive what they point at: no database constraints.
    call_to_action = models.ForeignKey(
        DonationCallToAction,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="gifts",
    )
    variant = models.CharField(max_length=60, blank=True)
    ab_test = models.PositiveIntegerField(default=0)
    assigned = models.BooleanField(default=False)
    # Blank when not from a button; otherwise one of choices.Placement.
    placement = models.CharField(max_length=10, blank=True)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    clicked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "payment_id"], name="gift_unique_payment"
            )
        ]
        indexes = [
            models.Index(fields=["call_to_action", "given_at"], name="gift_cta"),
            models.Index(
                fields=["ab_test", "variant"],
                condition=models.Q(ab_test__gt=0),
                name="gift_ab_test",
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount_pence / 100:,.2f} {self.get_status_display().lower()}"

    @property
    def net_pence(self) -> int:
        """What the gift raised, after refunds (nothing unless it was paid)."""
        if self.status not in (GiftStatus.PAID, GiftStatus.REFUNDED):
            return 0
        return max(0, self.amount_pence - self.refunded_pence)


class PaymentEvent(models.Model):
    """A provider event already acted on, so a redelivery changes nothing."""

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=80)
    gift = models.ForeignKey(
        Gift, null=True, on_delete=models.SET_NULL, related_name="events"
    )
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="paymentevent_unique_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_type} {self.event_id}"
