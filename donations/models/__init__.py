"""Donations models, one module per kind: snippets, site settings, the donate
page, the click and impression records, gifts, their daily roll-ups and A/B
tests."""

from .ab_tests import ABTestOutcome, CallToActionTest
from .gifts import AttributionSource, Gift, GiftStatus, PaymentEvent
from .pages import DonatePage
from .rollups import (
    DonationDailyStat,
    DonationDailyTotal,
    DonationMonthlyPageStat,
    DonationRollupDay,
    DonationRollupMonth,
)
from .site_settings import DonationSettings
from .snippets import (
    Appeal,
    CallToActionVariant,
    DonationCallToAction,
    Version,
    is_active,
)
from .tracking import DonationClick, DonationImpression

__all__ = [
    "Appeal",
    "AttributionSource",
    "Gift",
    "GiftStatus",
    "PaymentEvent",
    "CallToActionTest",
    "CallToActionVariant",
    "DonatePage",
    "DonationCallToAction",
    "DonationClick",
    "DonationDailyStat",
    "DonationDailyTotal",
    "DonationImpression",
    "DonationMonthlyPageStat",
    "DonationRollupDay",
    "DonationRollupMonth",
    "DonationSettings",
    "ABTestOutcome",
    "Version",
    "is_active",
]
