"""The attribution rule, written once and applied here only.

A gift is credited to the **last donate button the donor clicked before
setting off to pay, if they reached the payment provider's checkout within
DONATION_ATTRIBUTION_WINDOW_MINUTES (two hours) of that click**.

- "Last" needs no lookup: each click's redirect carries that button's
  reference onwards, replacing any earlier one, through the donate page to
  the provider, which sends it back with the payment.
- A gift made from the donate page without a button is credited to the donate
  page; one whose click is older than the window (a bookmarked or shared
  link) counts as "clicked too long before"; one with no reference at all
  (someone who went to the provider's page directly) as "no reference".
  Every gift counts in money raised; only credited ones count for a button.
- Clicks are stamped to ten minutes, so the window is exact to ten minutes.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from ..choices import Placement
from ..models import AttributionSource
from .reference import STAMP, Reference


@dataclass(frozen=True)
class Attribution:
    source: str
    reference: Reference | None = None

    def fields(self) -> dict:
        """The gift's attribution columns."""
        ref = self.reference
        credited = self.source == AttributionSource.BUTTON
        return {
            "source": self.source,
            "call_to_action_id": ref.cta_id if credited else None,
            "variant": ref.variant if credited else "",
            "ab_test": ref.ab_test if credited else 0,
            "assigned": ref.assigned if credited else False,
            "placement": ref.placement if credited else "",
            "source_page_id": ref.page_id if ref else None,
            "clicked_at": ref.clicked_at if ref else None,
        }


def window() -> timedelta:
    return timedelta(minutes=settings.DONATION_ATTRIBUTION_WINDOW_MINUTES)


def attribute(reference: Reference | None, started_at: datetime) -> Attribution:
    """Which button, if any, a gift whose checkout began at `started_at` is
    credited to."""
    if reference is None:
        return Attribution(AttributionSource.NONE)
    if not reference.from_button:
        return Attribution(AttributionSource.DONATE_PAGE, reference)
    clicked = reference.clicked_at
    # The stamp is rounded down, so a checkout can never begin before it.
    if clicked is None or not (
        clicked <= started_at + STAMP and started_at - clicked <= window() + STAMP
    ):
        return Attribution(AttributionSource.EXPIRED, reference)
    if reference.placement not in Placement.values:
        return Attribution(AttributionSource.EXPIRED, reference)
    return Attribution(AttributionSource.BUTTON, reference)
