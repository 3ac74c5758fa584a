"""Daily roll-ups of clicks and impressions, which the fundraising report reads
instead of raw rows so that it stays fast through a year of a busy appeal.

`manage.py rollup_donation_stats` writes them from the raw click rows and hourly
impression counts, one UK day at a time; `DonationRollupDay` records which days
are done, so the report takes every other day (today, at least) from the raw
rows, and pruning never touches a day that is not rolled up;
`DonationRollupMonth` records which days each month's page totals hold.
"""

from django.db import models

from ..choices import Placement
from .snippets import DonationCallToAction

# Clicks by kind: `clicks` are the ones reports count (neither flag);
# `duplicate_clicks` and `bot_clicks` are kept apart (a bot's repeat click is a
# bot click), so the three add up to the raw rows.
COUNT_FIELDS = ["impressions", "clicks", "duplicate_clicks", "bot_clicks"]


class RollupCounts(models.Model):
    impressions = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)
    duplicate_clicks = models.PositiveIntegerField(default=0)
    bot_clicks = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DonationDailyStat(RollupCounts):
    """Counts per UK day × call to action × variant × A/B test × placement ×
    source page: the full-detail roll-up."""

    day = models.DateField()
    call_to_action = models.ForeignKey(
        DonationCallToAction,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    variant = models.CharField(max_length=60)
    ab_test = models.PositiveIntegerField(default=0)
    assigned = models.BooleanField(default=False)
    placement = models.CharField(max_length=10, choices=Placement.choices)
    # 0 for a button shown without a page; an integer rather than a foreign key
    # so that it can be part of the upsert's conflict target.
    source_page_id = models.PositiveIntegerField(default=0)

    KEY = [
        "day",
        "call_to_action_id",
        "variant",
        "ab_test",
        "assigned",
        "placement",
        "source_page_id",
    ]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "day",
                    "call_to_action",
                    "variant",
                    "ab_test",
                    "assigned",
                    "placement",
                    "source_page_id",
                ],
                name="donationdailystat_unique_bucket",
            )
        ]
        indexes = [
            # Everything the page table reads from a run of days, so PostgreSQL
            # answers from the index alone (a month is 150,000 rows at scale).
            models.Index(
                fields=[
                    "day",
                    "source_page_id",
                    "call_to_action",
                    "impressions",
                    "clicks",
                ],
                name="donationdailystat_page_figures",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.clicks} clicks, {self.impressions} impressions"


class DonationDailyTotal(RollupCounts):
    """The daily roll-up without the page: what the chart, the call to action
    and placement tables and the A/B tests read (a few hundred rows a day)."""

    day = models.DateField()
    call_to_action = models.ForeignKey(
        DonationCallToAction,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    variant = models.CharField(max_length=60)
    ab_test = models.PositiveIntegerField(default=0)
    assigned = models.BooleanField(default=False)
    placement = models.CharField(max_length=10, choices=Placement.choices)

    KEY = ["day", "call_to_action_id", "variant", "ab_test", "assigned", "placement"]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "day",
                    "call_to_action",
                    "variant",
                    "ab_test",
                    "assigned",
                    "placement",
                ],
                name="donationdailytotal_unique_bucket",
            )
        ]
        indexes = [
            models.Index(
                fields=["ab_test", "variant"],
                condition=models.Q(ab_test__gt=0),
                name="donationdailytotal_ab_test",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.clicks} clicks, {self.impressions} impressions"


class DonationMonthlyPageStat(RollupCounts):
    """The daily roll-up summed per calendar month (UK), call to action,
    placement and page: the page table reads whole months from here, so a
    year is twelve months of rows rather than 365 days of them."""

    month = models.DateField(help_text="The first day of the month.")
    call_to_action = models.ForeignKey(
        DonationCallToAction,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    placement = models.CharField(max_length=10, choices=Placement.choices)
    source_page_id = models.PositiveIntegerField(default=0)

    KEY = ["month", "call_to_action_id", "placement", "source_page_id"]

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "call_to_action", "placement", "source_page_id"],
                name="donationmonthlypagestat_unique_bucket",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}: {self.clicks} clicks"


class DonationRollupDay(models.Model):
    """A UK day whose roll-ups are written (and, later, whose raw rows are pruned)."""

    day = models.DateField(primary_key=True)
    rolled_up_at = models.DateTimeField()
    # How many times it has been rolled up: months note the sum (see below).
    rollups = models.PositiveIntegerField(default=1)
    pruned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        return str(self.day)


class DonationRollupMonth(models.Model):
    """What a month's page totals (DonationMonthlyPageStat) were summed from:
    how many rolled-up days, and their roll-up counts added up. Written in the
    same snapshot as the totals, so the report uses them only while neither
    has changed (no day rolled up since, or again); otherwise it reads the
    days. Counts, not times: a clock can stand still or go back."""

    month = models.DateField(primary_key=True, help_text="The first day of the month.")
    days = models.PositiveSmallIntegerField()
    rollups = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.month:%B %Y}: {self.days} days"
