from django.db import models
from django.utils import timezone

from ..choices import DeviceClass, Placement
from ..links import CONTROL_VARIANT
from .snippets import DonationCallToAction


class DonationClick(models.Model):
    """One accepted click on a donate button. Reports count rows with neither flag.

    Nothing here identifies a person: the visitor hash is keyed with a salt that
    lives only in the cache and is thrown away at the end of each day.
    """

    clicked_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Clicks are facts that outlive what they point at: no database constraint,
    # so a call to action or page deleted later keeps its history (and a
    # spooled click for one never fails to replay).
    call_to_action = models.ForeignKey(
        DonationCallToAction,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="clicks",
    )
    variant = models.CharField(max_length=60, default=CONTROL_VARIANT)
    # The A/B test the link was made for (0: none), and whether the beacon
    # script chose the variant (False: the plain button visitors without
    # JavaScript, or opted out of tracking, see; left out of the test).
    ab_test = models.PositiveIntegerField(default=0)
    assigned = models.BooleanField(default=False)
    placement = models.CharField(max_length=10, choices=Placement.choices)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    device_class = models.CharField(max_length=10, choices=DeviceClass.choices)
    visitor_hash = models.CharField(max_length=32)
    is_duplicate = models.BooleanField(default=False)
    is_bot = models.BooleanField(default=False)
    # Set only on clicks written from the spool, so a replay never stores one twice.
    spool_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        permissions = [
            (
                "view_fundraising_report",
                "Can see the donate clicks report",
            )
        ]
        indexes = [
            models.Index(
                fields=["visitor_hash", "clicked_at"], name="donationclick_visitor"
            ),
            models.Index(
                fields=["call_to_action", "clicked_at"], name="donationclick_cta"
            ),
        ]

    def __str__(self) -> str:
        return f"Click on {self.call_to_action_id} at {self.clicked_at:%Y-%m-%d %H:%M}"


class DonationImpression(models.Model):
    """How many times a donate button was seen, per hour, call to action, variant,
    placement and page (an aggregate: never one row per view)."""

    hour = models.DateTimeField()
    call_to_action = models.ForeignKey(
        DonationCallToAction,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="impressions",
    )
    variant = models.CharField(max_length=60, default=CONTROL_VARIANT)
    ab_test = models.PositiveIntegerField(default=0)
    assigned = models.BooleanField(default=False)
    placement = models.CharField(max_length=10, choices=Placement.choices)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "hour",
                    "call_to_action",
                    "variant",
                    "ab_test",
                    "assigned",
                    "placement",
                    "source_page",
                ],
                name="donationimpression_unique_bucket",
            )
        ]
        indexes = [
            models.Index(
                fields=["call_to_action", "hour"], name="donationimpression_cta"
            )
        ]

    def __str__(self) -> str:
        return f"{self.count} views, hour {self.hour:%Y-%m-%d %H}"
