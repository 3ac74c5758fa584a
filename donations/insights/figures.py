"""The figures behind the donate clicks report and the dashboard panel.

Every figure is read from the daily roll-ups for the days that are rolled up,
and from the raw click rows and hourly impression counts for the days that are
not (today, and any day the roll-up command has not reached yet). Each query is
told exactly which days to take from where, so a roll-up finishing mid-report
can never count a day twice. Days are UK days. Clicks are the unflagged ones;
duplicates and bots are counted apart.

The number of queries does not depend on how many calls to action, pages or
days there are.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import cached_property

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from donations.models import (
    DonationClick,
    DonationDailyTotal,
    DonationImpression,
    DonationRollupDay,
)

from .gifts import add_gifts, arm_gifts
from .rollup import uk_day_bounds, uk_today

# The longest period the report accepts: two years, the span of a long appeal.
MAX_PERIOD_DAYS = 731


@contextmanager
def report_queries() -> Iterator[None]:
    """One transaction for the report's queries, with PostgreSQL set for them:
    no JIT compiling (it takes longer than the queries: half a second for a
    year's page table, which runs in a quarter of that), and room to group a
    year of gifts in memory rather than on disk."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '32MB'")
        yield


@dataclass(slots=True)
class Figures:
    """Clicks, impressions and gifts for one row of the report. Money is in
    pence, after refunds; gifts count paid ones (pending, failed and fully
    refunded gifts do not count)."""

    impressions: int = 0
    clicks: int = 0
    duplicate_clicks: int = 0
    bot_clicks: int = 0
    gifts: int = 0
    amount: int = 0
    gift_aid_gifts: int = 0
    monthly_gifts: int = 0
    monthly_amount: int = 0

    def add(self, other: "Figures") -> None:
        # Thousands of calls per report: spelt out, several times faster than
        # a loop over the fields.
        self.impressions += other.impressions
        self.clicks += other.clicks
        self.duplicate_clicks += other.duplicate_clicks
        self.bot_clicks += other.bot_clicks
        self.gifts += other.gifts
        self.amount += other.amount
        self.gift_aid_gifts += other.gift_aid_gifts
        self.monthly_gifts += other.monthly_gifts
        self.monthly_amount += other.monthly_amount

    @property
    def ctr(self) -> float | None:
        """Click-through rate: clicks per impression (None with no impressions)."""
        return self.clicks / self.impressions if self.impressions else None

    @property
    def conversion(self) -> float | None:
        """Gifts per click (None with no clicks)."""
        return self.gifts / self.clicks if self.clicks else None

    @property
    def gifts_per_impression(self) -> float | None:
        return self.gifts / self.impressions if self.impressions else None

    @property
    def income_per_impression(self) -> float | None:
        """Pence raised per impression."""
        return self.amount / self.impressions if self.impressions else None

    @property
    def average_gift(self) -> float | None:
        """In pence."""
        return self.amount / self.gifts if self.gifts else None

    @property
    def gift_aid_share(self) -> float | None:
        """The share of gifts with Gift Aid declared."""
        return self.gift_aid_gifts / self.gifts if self.gifts else None

    @property
    def one_off_gifts(self) -> int:
        return self.gifts - self.monthly_gifts

    @property
    def one_off_amount(self) -> int:
        return self.amount - self.monthly_amount

    @property
    def flagged_clicks(self) -> int:
        return self.duplicate_clicks + self.bot_clicks

    @classmethod
    def from_row(cls, row: dict) -> "Figures":
        return cls(**{name: row.get(name) or 0 for name in FIELD_NAMES})


FIELD_NAMES = tuple(f.name for f in fields(Figures))

# The figure columns every breakdown table shows, by the name the address
# sorts on, and the attribute of Figures each one reads.
FIGURE_SORTS = {
    "impressions": "impressions",
    "clicks": "clicks",
    "ctr": "ctr",
    "gifts": "gifts",
    "monthly_gifts": "monthly_gifts",
    "conversion": "conversion",
    "per_impression": "gifts_per_impression",
    "gift_aid": "gift_aid_share",
    "amount": "amount",
    "one_off": "one_off_amount",
    "monthly": "monthly_amount",
    "average": "average_gift",
}


FIGURE_FIELDS = ["impressions", "clicks", "duplicate_clicks", "bot_clicks"]
SUMS = {name: Sum(name) for name in FIGURE_FIELDS}
CLICK_COUNTS = {
    "clicks": Count("id", filter=Q(is_bot=False, is_duplicate=False)),
    "duplicate_clicks": Count("id", filter=Q(is_duplicate=True, is_bot=False)),
    "bot_clicks": Count("id", filter=Q(is_bot=True)),
}


@dataclass(frozen=True)
class Period:
    """A run of whole UK days, first and last included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same length just before this one."""
        return Period(
            self.start - timedelta(days=self.days), self.start - timedelta(days=1)
        )

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range(self.days)]

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def last(cls, days: int, today: date | None = None) -> "Period":
        """The last `days` days, today (so far) included."""
        today = today or uk_today()
        return cls(today - timedelta(days=days - 1), today)


def runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) pairs."""
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and day - runs[-1][1] == timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(first, last) for first, last in runs]


@dataclass
class Sources:
    """Which days of a span come from the roll-ups and which from raw rows.
    `rolled` may hold rolled-up days beyond the span (the page table weighs
    whole months)."""

    start: date
    end: date
    rolled: set[date]

    @property
    def live(self) -> list[date]:
        return [
            day
            for day in Period(self.start, self.end).dates()
            if day not in self.rolled
        ]


def sources(start: date, end: date) -> Sources:
    rolled = set(
        DonationRollupDay.objects.filter(day__range=(start, end)).values_list(
            "day", flat=True
        )
    )
    return Sources(start, end, rolled)


def _live_filter(days: Iterable[date], field_name: str) -> Q | None:
    """The instants of the given UK days, as a filter on a datetime field."""
    query = None
    for first, last in runs(days):
        start, _ = uk_day_bounds(first)
        _, end = uk_day_bounds(last)
        part = Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})
        query = part if query is None else query | part
    return query


LIVE_GROUP = ["day", "call_to_action_id", "variant", "ab_test", "assigned", "placement"]


def live_rows(
    days: Iterable[date], cta_ids: Iterable[int] | None = None, ab_tests=None
) -> list[dict]:
    """Raw clicks and impressions of the given days, grouped like
    DonationDailyTotal: two queries, however many days."""
    days = list(days)
    if not days:
        return []
    zone = timezone.get_default_timezone()
    rows = []
    for model, field_name, counts in (
        (DonationClick, "clicked_at", CLICK_COUNTS),
        (DonationImpression, "hour", {"impressions": Sum("count")}),
    ):
        queryset = model.objects.filter(_live_filter(days, field_name))
        if cta_ids is not None:
            queryset = queryset.filter(call_to_action_id__in=cta_ids)
        if ab_tests is not None:
            queryset = queryset.filter(ab_test__in=ab_tests)
        rows.extend(
            queryset.annotate(day=TruncDate(field_name, tzinfo=zone))
            .values(*LIVE_GROUP)
            .annotate(**counts)
            .order_by()
        )
    return rows


@dataclass
class Breakdowns:
    """A period's figures by day, call to action and placement."""

    period: Period
    by_day: dict[date, Figures] = field(default_factory=dict)
    by_cta: dict[int, Figures] = field(default_factory=dict)
    by_placement: dict[str, Figures] = field(default_factory=dict)
    # (call to action, variant): what each version of a call to action did.
    by_version: dict[tuple[int, str], Figures] = field(default_factory=dict)

    @cached_property
    def total(self) -> Figures:
        """Every day added up; read once the breakdowns are complete (the
        report asks for it a dozen times)."""
        total = Figures()
        for figures in self.by_day.values():
            total.add(figures)
        return total

    def add_live(self, row: dict) -> None:
        figures = Figures.from_row(row)
        for table, key in (
            (self.by_day, row["day"]),
            (self.by_cta, row["call_to_action_id"]),
            (self.by_placement, row["placement"]),
            (self.by_version, (row["call_to_action_id"], row["variant"])),
        ):
            table.setdefault(key, Figures()).add(figures)


def breakdowns(
    periods: list[Period], cta_ids: list[int] | None, split: Sources
) -> list[Breakdowns]:
    """Figures by day, call to action, placement and version for each period
    (the report's and the one before it): one roll-up query on PostgreSQL
    (grouping sets), four per period elsewhere, two raw ones and the gifts
    (see `gifts.add_gifts`) in all."""
    results = [Breakdowns(period) for period in periods]
    live = set(split.live)
    if cta_ids == []:
        return results
    if connection.vendor == "postgresql":
        spans = [result.period for result in results]
        rolled = {day for day in split.rolled if any(day in span for span in spans)}
        _rolled_in_one_query(results, rolled, cta_ids)
    else:
        for result in results:
            period = result.period
            rolled = DonationDailyTotal.objects.filter(
                day__range=(period.start, period.end)
            ).exclude(day__in=[day for day in live if day in period])
            if cta_ids is not None:
                rolled = rolled.filter(call_to_action_id__in=cta_ids)
            for name, table in (
                ("day", result.by_day),
                ("call_to_action_id", result.by_cta),
                ("placement", result.by_placement),
            ):
                for row in rolled.values(name).annotate(**SUMS).order_by():
                    table[row[name]] = Figures.from_row(row)
            versions = rolled.values("call_to_action_id", "variant")
            for row in versions.annotate(**SUMS).order_by():
                key = (row["call_to_action_id"], row["variant"])
                result.by_version[key] = Figures.from_row(row)
    for row in live_rows(live, cta_ids):
        for result in results:
            if row["day"] in result.period:
                result.add_live(row)
    add_gifts(results, cta_ids)
    return results


def _rolled_in_one_query(
    results: list[Breakdowns], rolled: set[date], cta_ids: list[int] | None
) -> None:
    if not rolled:
        return
    params: list = []
    cases = []
    for index, result in enumerate(results):
        cases.append(f"WHEN day BETWEEN %s AND %s THEN {index}")
        params.extend([result.period.start, result.period.end])
    # The rolled-up days as a few ranges: a list of every other day, tested
    # against each row, cost more than the rest of the query.
    ranges = []
    for first, last in runs(rolled):
        ranges.append("day BETWEEN %s AND %s")
        params.extend([first, last])
    where = f"({' OR '.join(ranges)})"
    if cta_ids is not None:
        params.extend(cta_ids)
        marks = ", ".join(["%s"] * len(cta_ids))
        where += f" AND call_to_action_id IN ({marks})"
    sums = ", ".join(f"SUM({name})" for name in FIGURE_FIELDS)
    sql = f"""
        SELECT period, GROUPING(day, call_to_action_id, placement, variant),
               day, call_to_action_id, placement, variant, {sums}
        FROM (
            SELECT CASE {" ".join(cases)} END AS period, *
            FROM {DonationDailyTotal._meta.db_table}
            WHERE {where}
        ) AS totals
        GROUP BY GROUPING SETS (
            (period, day), (period, placement), (period, call_to_action_id, variant)
        )
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # GROUPING() has a bit set for each column left out of the row's set. A
    # call to action's figures are its versions' added up: one sort fewer.
    by_day, by_placement = 0b0111, 0b1101
    for period, grouping, day, cta_id, placement, variant, *counts in rows:
        figures = Figures(*counts)
        result = results[period]
        if grouping == by_day:
            result.by_day[day] = figures
        elif grouping == by_placement:
            result.by_placement[placement] = figures
        else:
            result.by_version[(cta_id, variant)] = figures
            result.by_cta.setdefault(cta_id, Figures()).add(figures)


@dataclass
class ArmFigures:
    """One version's figures in an A/B test."""

    impressions: int = 0
    clicks: int = 0
    gifts: int = 0
    amount: int = 0  # pence
    amount_squared: int = 0


@dataclass
class ABTestFigures:
    arms: dict[str, ArmFigures] = field(default_factory=lambda: defaultdict(ArmFigures))
    # Clicks on the plain control by visitors who took no part.
    left_out_clicks: int = 0


def ab_test_figures(tests: list) -> dict[int, ABTestFigures]:
    """Each test's figures over its whole life: one roll-up query, two raw
    ones and one of gifts, however many tests."""
    if not tests:
        return {}
    ids = [test.pk for test in tests]
    first = min(timezone.localdate(test.started_at) for test in tests)
    split = sources(first, uk_today())
    live = split.live
    results = {test_id: ABTestFigures() for test_id in ids}
    rolled = (
        DonationDailyTotal.objects.filter(ab_test__in=ids)
        .exclude(day__in=live)
        .values("ab_test", "variant", "assigned")
        .annotate(**SUMS)
        .order_by()
    )
    for row in [*rolled, *live_rows(live, ab_tests=ids)]:
        result = results[row["ab_test"]]
        if row["assigned"]:
            arm = result.arms[row["variant"]]
            arm.impressions += row.get("impressions") or 0
            arm.clicks += row.get("clicks") or 0
        else:
            result.left_out_clicks += row.get("clicks") or 0
    for (test_id, variant), gifts in arm_gifts(ids).items():
        arm = results[test_id].arms[variant]
        arm.gifts, arm.amount = gifts.gifts, gifts.amount
        arm.amount_squared = gifts.amount_squared
    return results
