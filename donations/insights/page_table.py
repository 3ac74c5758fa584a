"""The report's table by page: every page that showed a donate button or
brought a gift, with its figures, sorted and sliced in the database.

One query, whatever the number of pages or days: clicks and impressions from
each month's page totals where most of the month is in the span (less its
days outside it), the daily roll-ups for other rolled-up days and the raw rows
for the rest, each part summed per page first; then the gifts per page,
straight from their table. Page titles are joined only when
the table is sorted by title; otherwise the caller fetches the slice's pages.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection

from wagtail.models import Page

from donations.choices import Frequency
from donations.models import (
    DonationClick,
    DonationDailyStat,
    DonationImpression,
    DonationMonthlyPageStat,
    DonationRollupDay,
    DonationRollupMonth,
    Gift,
    GiftStatus,
)

from .figures import Figures, Sources, runs
from .gifts import ON_A_PAGE
from .rollup import month_start, next_month, uk_day_bounds

# A page's figures, as the query returns them.
COLUMNS = [
    "impressions",
    "clicks",
    "gifts",
    "amount",
    "gift_aid_gifts",
    "monthly_gifts",
    "monthly_amount",
]


def _ratio(top: str, bottom: str) -> str:
    return f"CAST(agg.{top} AS REAL) / NULLIF(agg.{bottom}, 0)"


# Sort keys (the same as figures.FIGURE_SORTS) as SQL over the summed columns.
ORDERINGS = {
    "impressions": "agg.impressions",
    "clicks": "agg.clicks",
    "ctr": _ratio("clicks", "impressions"),
    "gifts": "agg.gifts",
    "monthly_gifts": "agg.monthly_gifts",
    "conversion": _ratio("gifts", "clicks"),
    "per_impression": _ratio("gifts", "impressions"),
    "gift_aid": _ratio("gift_aid_gifts", "gifts"),
    "amount": "agg.amount",
    "one_off": "agg.amount - agg.monthly_amount",
    "monthly": "agg.monthly_amount",
    "average": _ratio("amount", "gifts"),
}
TITLE = "LOWER(COALESCE(page.title, ''))"


@dataclass
class PageRow:
    page_id: int
    figures: Figures
    title: str = ""
    page: Page | None = None
    # The page's public address (None when it is not on any site).
    public_path: str | None = None
    public_url: str | None = None


def _d(day):
    return connection.ops.adapt_datefield_value(day)


def _dt(moment):
    return connection.ops.adapt_datetimefield_value(moment)


def _in(column: str, values: list, params: list) -> str:
    params.extend(values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


# A month's page totals have about as many rows as four of its days (a long
# tail of pages): worth reading them, less the days outside the span, when
# that leaves out more than four days' rows.
MONTH_IN_DAYS = 4


@dataclass
class MonthPart:
    """The rolled-up days of one calendar month, inside the span and out."""

    month: date
    inside: list[date]
    outside: list[date]

    @property
    def from_totals(self) -> bool:
        return len(self.outside) + MONTH_IN_DAYS < len(self.inside)


def month_parts(split: Sources) -> list[MonthPart]:
    """Each calendar month the span touches, with its rolled-up days (the
    split's `rolled` must cover those months whole)."""
    parts = []
    month = month_start(split.start)
    while month <= split.end:
        after = next_month(month)
        days = [day for day in split.rolled if month <= day < after]
        parts.append(
            MonthPart(
                month,
                sorted(day for day in days if split.start <= day <= split.end),
                sorted(day for day in days if not split.start <= day <= split.end),
            )
        )
        month = after
    return parts


def _totals_hold(part: MonthPart, params: list) -> str:
    """SQL: the month's totals hold exactly the days the report counted on
    (none rolled up since, or again), judged in the query's own snapshot."""
    last = next_month(part.month) - timedelta(days=1)
    days = DonationRollupDay._meta.db_table
    params.extend([_d(part.month), len(part.inside) + len(part.outside)])
    params.extend([_d(part.month), _d(last), _d(part.month), _d(last)])
    return f"""EXISTS (
        SELECT 1 FROM {DonationRollupMonth._meta.db_table} AS m
        WHERE m.month = %s AND m.days = %s
          AND m.days = (SELECT COUNT(*) FROM {days} WHERE day >= %s AND day <= %s)
          AND m.rollups = (
              SELECT SUM(rollups) FROM {days} WHERE day >= %s AND day <= %s
          )
    )"""


def _seen_parts(split: Sources, cta_ids: list[int] | None, params: list) -> list[str]:
    """Clicks and impressions per page, one SELECT per source: months' page
    totals (less their days outside the span), daily roll-ups and, for the
    days not rolled up, raw rows."""
    parts = []

    def part(select: str, table: str, where: str, where_params: list) -> None:
        params.extend(where_params)
        if cta_ids is not None:
            where += " AND " + _in("call_to_action_id", cta_ids, params)
        parts.append(f"SELECT {select} FROM {table} WHERE {where}")

    # Roll-up rows as they are (summing each part first costs more than it
    # saves), as integers: PostgreSQL sums integers as bigints, but bigints
    # as decimals, which is several times slower.
    added = "source_page_id, impressions, clicks"
    taken = "source_page_id, -impressions AS impressions, -clicks AS clicks"
    daily = DonationDailyStat._meta.db_table
    for month in month_parts(split):
        if not month.from_totals:
            for first, last in runs(month.inside):
                part(added, daily, "day >= %s AND day <= %s", [_d(first), _d(last)])
            continue
        guard: list = []
        holds = _totals_hold(month, guard)
        part(
            added,
            DonationMonthlyPageStat._meta.db_table,
            f"month = %s AND {holds}",
            [_d(month.month), *guard],
        )
        for first, last in runs(month.outside):
            part(
                taken,
                daily,
                f"day >= %s AND day <= %s AND {holds}",
                [_d(first), _d(last), *guard],
            )
        # Should the month have changed since the report looked, its days.
        for first, last in runs(month.inside):
            part(
                added,
                daily,
                f"day >= %s AND day <= %s AND NOT {holds}",
                [_d(first), _d(last), *guard],
            )
    for first, last in runs(split.live):
        start, _ = uk_day_bounds(first)
        _, end = uk_day_bounds(last)
        part(
            "COALESCE(source_page_id, 0) AS source_page_id, 0 AS impressions, "
            "CAST(COUNT(*) FILTER (WHERE NOT is_bot AND NOT is_duplicate) AS INTEGER) "
            "AS clicks",
            DonationClick._meta.db_table,
            "clicked_at >= %s AND clicked_at < %s",
            [_dt(start), _dt(end)],
        )
        parts[-1] += " GROUP BY 1"
        part(
            "source_page_id, CAST(SUM(count) AS INTEGER) AS impressions, 0 AS clicks",
            DonationImpression._meta.db_table,
            "hour >= %s AND hour < %s",
            [_dt(start), _dt(end)],
        )
        parts[-1] += " GROUP BY 1"
    return parts


def _gifts_part(split: Sources, cta_ids: list[int] | None, params: list) -> str:
    """Gifts per page in the span: those credited to a button on it, or given
    on the donate page itself."""
    start, _ = uk_day_bounds(split.start)
    _, end = uk_day_bounds(split.end)
    params.extend(
        [Frequency.MONTHLY, GiftStatus.PAID, *ON_A_PAGE, _dt(start), _dt(end)]
    )
    sql = f"""
        SELECT COALESCE(source_page_id, 0) AS source_page_id,
               COUNT(*) AS gifts, SUM(net) AS amount,
               COUNT(*) FILTER (WHERE gift_aid) AS gift_aid_gifts,
               COUNT(*) FILTER (WHERE monthly) AS monthly_gifts,
               COALESCE(SUM(net) FILTER (WHERE monthly), 0) AS monthly_amount
        FROM (
            SELECT source_page_id, gift_aid,
                   amount_pence - refunded_pence AS net, frequency = %s AS monthly
            FROM {Gift._meta.db_table}
            WHERE status = %s AND source IN (%s, %s)
              AND given_at >= %s AND given_at < %s
    """
    if cta_ids is not None:
        sql += " AND " + _in("call_to_action_id", cta_ids, params)
    return sql + ") AS gifts GROUP BY 1"


def by_page(
    split: Sources,
    cta_ids: list[int] | None,
    ordering: str = "-clicks",
    limit: int | None = 50,
    offset: int = 0,
) -> tuple[list[PageRow], int]:
    """Pages with their figures, sorted, one slice of them, and how many pages
    there are in all: one query."""
    if cta_ids == []:
        return [], 0
    params: list = []
    seen = _seen_parts(split, cta_ids, params)
    gifts = _gifts_part(split, cta_ids, params)
    zeros = ", ".join(f"0 AS {name}" for name in COLUMNS[2:])
    parts = []
    if seen:
        # A month's totals less its days outside the span can leave a page
        # with nothing: it is not listed.
        parts.append(
            "SELECT source_page_id, SUM(impressions) AS impressions, "
            f"SUM(clicks) AS clicks, {zeros} "
            f"FROM ({' UNION ALL '.join(seen)}) AS seen GROUP BY source_page_id "
            "HAVING SUM(impressions) <> 0 OR SUM(clicks) <> 0"
        )
    parts.append(
        f"SELECT source_page_id, 0 AS impressions, 0 AS clicks, "
        f"{', '.join(COLUMNS[2:])} FROM ({gifts}) AS given"
    )
    descending = ordering.startswith("-")
    name = ordering.lstrip("-")
    direction = "DESC" if descending else "ASC"
    join = ""
    if name == "title":
        pages = Page._meta.db_table
        join = f"LEFT JOIN {pages} AS page ON page.id = agg.source_page_id"
        order = f"{TITLE} {direction}"
    else:
        key = ORDERINGS.get(name, ORDERINGS["clicks"])
        # Pages without a rate (no impressions, say) always come last.
        order = f"({key}) IS NULL, {key} {direction}"
    sums = ", ".join(f"SUM({name}) AS {name}" for name in COLUMNS)
    sql = f"""
        SELECT agg.source_page_id, {", ".join(f"agg.{n}" for n in COLUMNS)},
               COUNT(*) OVER ()
        FROM (
            SELECT source_page_id, {sums}
            FROM ({" UNION ALL ".join(parts)}) AS parts
            GROUP BY source_page_id
        ) AS agg
        {join}
        ORDER BY {order}, agg.source_page_id
    """
    if limit is not None:
        sql += " LIMIT %s OFFSET %s"
        params.extend([limit, offset])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = rows[0][-1] if rows else 0
    return [
        # Sums of counts come back as decimals from PostgreSQL.
        PageRow(
            page_id,
            Figures(
                **{
                    name: int(value or 0)
                    for name, value in zip(COLUMNS, values, strict=True)
                }
            ),
        )
        for page_id, *values, _ in rows
    ], total
