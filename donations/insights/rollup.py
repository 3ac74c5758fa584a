"""Writing the daily roll-ups from raw clicks and hourly impressions, and
pruning raw rows once their days are rolled up.

A day is always rolled up whole: its detailed rows are recomputed from the raw
rows and written with one upsert (`INSERT … ON CONFLICT DO UPDATE`, rows that
no longer exist deleted) on PostgreSQL, or deleted and inserted again on
SQLite. Then the page-less daily totals for that day, and the monthly page
totals for its month, are recomputed from the detailed rows; the month records
which days its totals hold, in the same snapshot (see DonationRollupMonth).
Running it again for the same day gives the same rows, so it is safe to repeat
and to run for any range.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import F, Min
from django.utils import timezone

from donations.models import (
    DonationClick,
    DonationDailyStat,
    DonationDailyTotal,
    DonationImpression,
    DonationMonthlyPageStat,
    DonationRollupDay,
    DonationRollupMonth,
)
from donations.models.rollups import COUNT_FIELDS
from donations.recording import ADVISORY_LOCK_NAMESPACE
from pages.visitors import uk_today

logger = logging.getLogger(__name__)

CLICKS = DonationClick._meta.db_table
IMPRESSIONS = DonationImpression._meta.db_table


def uk_day_bounds(day: date) -> tuple[datetime, datetime]:
    """The instants (in UTC) a UK day starts and ends: 23 or 25 hours apart on
    the days the clocks change. In UTC because Python subtracts two times in
    the same zone by their clock faces, which would hide that hour."""
    zone = timezone.get_default_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def _dt(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _d(value: date):
    return connection.ops.adapt_datefield_value(value)


def _raw_day_sql() -> str:
    """One day's raw clicks and impressions, grouped like DonationDailyStat."""
    return f"""
        SELECT call_to_action_id, variant, ab_test, assigned, placement,
               source_page_id,
               SUM(impressions) AS impressions, SUM(clicks) AS clicks,
               SUM(duplicate_clicks) AS duplicate_clicks,
               SUM(bot_clicks) AS bot_clicks
        FROM (
            SELECT call_to_action_id, variant, ab_test, assigned, placement,
                   COALESCE(source_page_id, 0) AS source_page_id,
                   0 AS impressions,
                   COUNT(*) FILTER (WHERE NOT is_bot AND NOT is_duplicate)
                       AS clicks,
                   COUNT(*) FILTER (WHERE is_duplicate AND NOT is_bot)
                       AS duplicate_clicks,
                   COUNT(*) FILTER (WHERE is_bot) AS bot_clicks
            FROM {CLICKS}
            WHERE clicked_at >= %(start)s AND clicked_at < %(end)s
            GROUP BY call_to_action_id, variant, ab_test, assigned, placement,
                     COALESCE(source_page_id, 0)
            UNION ALL
            SELECT call_to_action_id, variant, ab_test, assigned, placement,
                   source_page_id, SUM(count), 0, 0, 0
            FROM {IMPRESSIONS}
            WHERE hour >= %(start)s AND hour < %(end)s
            GROUP BY call_to_action_id, variant, ab_test, assigned, placement,
                     source_page_id
        ) AS raw
        GROUP BY call_to_action_id, variant, ab_test, assigned, placement,
                 source_page_id
    """


def _summed_sql(group: list[str], where: str) -> str:
    columns = ", ".join(group)
    sums = ", ".join(f"SUM({name}) AS {name}" for name in COUNT_FIELDS)
    return f"""
        SELECT {columns}, {sums}
        FROM {DonationDailyStat._meta.db_table}
        WHERE {where}
        GROUP BY {columns}
    """


def _replace(model, scope: dict, fresh_sql: str, params: dict, also: str = "") -> None:
    """Make `model`'s rows within `scope` (fixed key values, such as the day)
    exactly the rows `fresh_sql` computes. `also` is one more INSERT to run in
    the same snapshot (on PostgreSQL, the same statement)."""
    table = model._meta.db_table
    key = model.KEY
    fresh_key = [name for name in key if name not in scope]
    columns = [*key, *COUNT_FIELDS]
    selected = [f"%({name})s" for name in scope] + [
        f"fresh.{name}" for name in [*fresh_key, *COUNT_FIELDS]
    ]
    params = {**params, **scope}
    scope_where = " AND ".join(f"{table}.{name} = %({name})s" for name in scope)
    if connection.vendor == "postgresql":
        updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in COUNT_FIELDS)
        changed = (
            f"({', '.join(f'{table}.{n}' for n in COUNT_FIELDS)}) IS DISTINCT FROM "
            f"({', '.join(f'EXCLUDED.{n}' for n in COUNT_FIELDS)})"
        )
        matches = " AND ".join(f"fresh.{name} = {table}.{name}" for name in fresh_key)
        sql = f"""
            WITH fresh AS ({fresh_sql}),
            upserted AS (
                INSERT INTO {table} ({", ".join(columns)})
                SELECT {", ".join(selected)} FROM fresh
                ON CONFLICT ({", ".join(key)}) DO UPDATE SET {updates}
                WHERE {changed}
            ){f", also AS ({also})" if also else ""}
            DELETE FROM {table}
            WHERE {scope_where}
              AND NOT EXISTS (SELECT 1 FROM fresh WHERE {matches})
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    # SQLite (`make run`): the simple way.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {scope_where}", params)
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"SELECT {', '.join(selected)} FROM ({fresh_sql}) AS fresh",
            params,
        )
        if also:
            cursor.execute(also, params)


def _lock(kind: int, value: int) -> None:
    """Serialise two runs over the same day or month (cron overlapping a manual
    run) on PostgreSQL; SQLite allows one writer anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [ADVISORY_LOCK_NAMESPACE + kind, value],
            )


def roll_up_day(day: date) -> None:
    """Write one UK day's detailed roll-up and daily totals, and mark it done."""
    start, end = uk_day_bounds(day)
    with transaction.atomic():
        _lock(1, day.toordinal())
        _replace(
            DonationDailyStat,
            {"day": _d(day)},
            _raw_day_sql(),
            {"start": _dt(start), "end": _dt(end)},
        )
        _replace(
            DonationDailyTotal,
            {"day": _d(day)},
            _summed_sql(
                ["call_to_action_id", "variant", "ab_test", "assigned", "placement"],
                "day = %(day)s",
            ),
            {},
        )
        now = timezone.now()
        DonationRollupDay.objects.update_or_create(
            day=day,
            defaults={"rolled_up_at": now, "rollups": F("rollups") + 1},
            create_defaults={"rolled_up_at": now, "rollups": 1},
        )


# Which days the month's totals are summed from, recorded with them.
RECORD_MONTH = f"""
    INSERT INTO {DonationRollupMonth._meta.db_table} (month, days, rollups)
    SELECT %(month)s, COUNT(*), SUM(rollups)
    FROM {DonationRollupDay._meta.db_table}
    WHERE day >= %(first)s AND day < %(after)s
    ON CONFLICT (month) DO UPDATE
    SET days = EXCLUDED.days, rollups = EXCLUDED.rollups
"""


def roll_up_month(month: date) -> None:
    """Recompute one month's page totals from its days' detailed roll-ups, and
    record which days they hold."""
    with transaction.atomic():
        _lock(2, month.toordinal())
        _replace(
            DonationMonthlyPageStat,
            {"month": _d(month)},
            _summed_sql(
                ["call_to_action_id", "placement", "source_page_id"],
                "day >= %(first)s AND day < %(after)s",
            ),
            {"first": _d(month), "after": _d(next_month(month))},
            also=RECORD_MONTH,
        )


@dataclass
class RollupResult:
    days: list[date] = field(default_factory=list)
    skipped_pruned: list[date] = field(default_factory=list)
    months: list[date] = field(default_factory=list)


def roll_up(days: Iterable[date]) -> RollupResult:
    """Roll up each day (never today or later: today is read live), then the
    months they fall in. Days whose raw rows are pruned are left as they are:
    recomputing them would lose what was pruned."""
    today = uk_today()
    days = sorted({day for day in days if day < today})
    pruned = set(
        DonationRollupDay.objects.filter(
            day__in=days, pruned_at__isnull=False
        ).values_list("day", flat=True)
    )
    result = RollupResult()
    for day in days:
        if day in pruned:
            result.skipped_pruned.append(day)
            continue
        roll_up_day(day)
        result.days.append(day)
    result.months = sorted({month_start(day) for day in result.days})
    for month in result.months:
        roll_up_month(month)
    return result


def first_raw_day() -> date | None:
    """The UK day of the oldest raw click or impression."""
    firsts = [
        DonationClick.objects.aggregate(first=Min("clicked_at"))["first"],
        DonationImpression.objects.aggregate(first=Min("hour"))["first"],
    ]
    firsts = [value for value in firsts if value is not None]
    return timezone.localdate(min(firsts)) if firsts else None


def days_needing_rollup() -> list[date]:
    """Every day from the oldest raw row to yesterday that is not rolled up."""
    first = first_raw_day()
    yesterday = uk_today() - timedelta(days=1)
    if first is None or first > yesterday:
        return []
    done = set(
        DonationRollupDay.objects.filter(day__gte=first).values_list("day", flat=True)
    )
    count = (yesterday - first).days + 1
    return [
        day
        for day in (first + timedelta(days=n) for n in range(count))
        if day not in done
    ]


@dataclass
class PruneResult:
    days: list[date] = field(default_factory=list)
    clicks: int = 0
    impressions: int = 0


def prune(retention_days: int) -> PruneResult:
    """Delete raw clicks and hourly impressions of rolled-up days older than
    the retention period. A day that is not rolled up keeps its raw rows."""
    cutoff = uk_today() - timedelta(days=retention_days)
    result = PruneResult()
    days = DonationRollupDay.objects.filter(
        day__lt=cutoff, pruned_at__isnull=True
    ).values_list("day", flat=True)
    for day in list(days):
        start, end = uk_day_bounds(day)
        with transaction.atomic():
            _lock(1, day.toordinal())
            clicks, _ = DonationClick.objects.filter(
                clicked_at__gte=start, clicked_at__lt=end
            ).delete()
            impressions, _ = DonationImpression.objects.filter(
                hour__gte=start, hour__lt=end
            ).delete()
            DonationRollupDay.objects.filter(day=day).update(pruned_at=timezone.now())
        result.days.append(day)
        result.clicks += clicks
        result.impressions += impressions
    return result
