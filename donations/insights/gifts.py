"""Gifts in the report: money raised, by day, call to action, placement,
version, page and A/B test arm.

Read straight from `Gift` rows (a busy year is about a hundred thousand, far
fewer than clicks), in one query per report on PostgreSQL (grouping sets).
Only paid gifts count, at what they raised after refunds. A gift counts for a
button only when the attribution rule credited it; every gift counts in the
total, under "not from a donate button" when no button is credited.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from donations.choices import Frequency
from donations.models import AttributionSource, Gift, GiftStatus

from .rollup import uk_day_bounds

GIFTS = Gift._meta.db_table
NET = F("amount_pence") - F("refunded_pence")
GIFT_COUNTS = {
    "gifts": Count("id"),
    "amount": Sum(NET),
    "gift_aid_gifts": Count("id", filter=Q(gift_aid=True)),
    "monthly_gifts": Count("id", filter=Q(frequency=Frequency.MONTHLY)),
    "monthly_amount": Sum(NET, filter=Q(frequency=Frequency.MONTHLY)),
}
# Gifts that belong to a page: credited to a button on it, or given on the
# donate page itself.
ON_A_PAGE = (AttributionSource.BUTTON, AttributionSource.DONATE_PAGE)


def _bounds(period) -> tuple:
    start, _ = uk_day_bounds(period.start)
    _, end = uk_day_bounds(period.end)
    return start, end


def _in(column: str, values: Iterable, params: list) -> str:
    values = list(values)
    params.extend(values)
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def add_gifts(results: list, cta_ids: list[int] | None) -> None:
    """Add each period's gifts to its Breakdowns (by day, call to action,
    placement and version)."""
    if cta_ids == [] or not results:
        return
    if connection.vendor == "postgresql":
        _add_in_one_query(results, cta_ids)
        return
    zone = timezone.get_default_timezone()
    for result in results:
        start, end = _bounds(result.period)
        gifts = Gift.objects.filter(
            status=GiftStatus.PAID, given_at__gte=start, given_at__lt=end
        ).annotate(day=TruncDate("given_at", tzinfo=zone))
        if cta_ids is not None:
            gifts = gifts.filter(call_to_action_id__in=cta_ids)
        for names, table in (
            (["day"], result.by_day),
            (["call_to_action_id"], result.by_cta),
            (["placement"], result.by_placement),
            (["call_to_action_id", "variant"], result.by_version),
        ):
            for row in gifts.values(*names).annotate(**GIFT_COUNTS).order_by():
                key = row[names[0]] if len(names) == 1 else tuple(row[n] for n in names)
                _add(table, key, row)


def _add(table: dict, key, row: dict) -> None:
    from .figures import Figures

    table.setdefault(key, Figures()).add(
        Figures(**{name: row.get(name) or 0 for name in GIFT_COUNTS})
    )


def _add_in_one_query(results: list, cta_ids: list[int] | None) -> None:
    # Parameters in the order they appear in the SQL.
    params: list = []
    cases = []
    for index, result in enumerate(results):
        cases.append(f"WHEN given_at >= %s AND given_at < %s THEN {index}")
        params.extend(_bounds(result.period))
    params.extend([timezone.get_default_timezone_name(), Frequency.MONTHLY])
    first = min(_bounds(result.period)[0] for result in results)
    last = max(_bounds(result.period)[1] for result in results)
    params.extend([GiftStatus.PAID, first, last])
    where = "status = %s AND given_at >= %s AND given_at < %s"
    if cta_ids is not None:
        where += " AND " + _in("call_to_action_id", cta_ids, params)
    sql = f"""
        SELECT period, GROUPING(day, cta, placement, variant),
               day, cta, placement, variant,
               COUNT(*), SUM(net), COUNT(*) FILTER (WHERE gift_aid),
               COUNT(*) FILTER (WHERE monthly),
               COALESCE(SUM(net) FILTER (WHERE monthly), 0)
        FROM (
            SELECT CASE {" ".join(cases)} END AS period,
                   (given_at AT TIME ZONE %s)::date AS day,
                   call_to_action_id AS cta, placement, variant, gift_aid,
                   amount_pence - refunded_pence AS net,
                   frequency = %s AS monthly
            FROM {GIFTS}
            WHERE {where}
        ) AS gifts
        GROUP BY GROUPING SETS (
            (period, day), (period, placement), (period, cta, variant)
        )
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for period, grouping, day, cta, placement, variant, *counts in rows:
        row = dict(zip(GIFT_COUNTS, counts, strict=True))
        result = results[period]
        # A call to action's gifts are its versions' added up: one sort fewer.
        if grouping == 0b0111:
            _add(result.by_day, day, row)
        elif grouping == 0b1101:
            _add(result.by_placement, placement, row)
        else:
            _add(result.by_version, (cta, variant), row)
            _add(result.by_cta, cta, row)


@dataclass
class ArmGifts:
    gifts: int = 0
    amount: int = 0
    # The sum of each gift squared: with the count and the sum, enough for the
    # spread of income per impression (Welch's interval) without the rows.
    amount_squared: int = 0


def arm_gifts(test_ids: list[int]) -> dict[tuple[int, str], ArmGifts]:
    """Gifts credited to each version of each A/B test, over its whole life
    (only assigned page views take part): one query."""
    if not test_ids:
        return {}
    net = NET
    rows = (
        Gift.objects.filter(
            status=GiftStatus.PAID,
            source=AttributionSource.BUTTON,
            ab_test__in=test_ids,
            assigned=True,
        )
        .values("ab_test", "variant")
        .annotate(gifts=Count("id"), amount=Sum(net), squared=Sum(net * net))
        .order_by()
    )
    return {
        (row["ab_test"], row["variant"]): ArmGifts(
            row["gifts"], row["amount"] or 0, row["squared"] or 0
        )
        for row in rows
    }
