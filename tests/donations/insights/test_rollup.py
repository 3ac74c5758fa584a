"""Daily roll-ups: they agree with the raw rows, can be written again, follow
UK days through the clock changes, and pruning never loses a day."""

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

import pytest
import time_machine

from donations.insights.figures import Period, Sources, breakdowns, sources
from donations.insights.page_table import by_page, month_parts
from donations.insights.rollup import (
    days_needing_rollup,
    prune,
    roll_up,
    roll_up_day,
    uk_day_bounds,
    uk_today,
)
from donations.models import (
    DonationClick,
    DonationDailyStat,
    DonationDailyTotal,
    DonationImpression,
    DonationMonthlyPageStat,
    DonationRollupDay,
)
from donations.recording import Click, spool_click
from tests.factories.donations import (
    DonationCallToActionFactory,
    DonationClickFactory,
    DonationImpressionFactory,
)
from tests.factories.pages import StandardPageFactory

from ..conftest import noon

pytestmark = pytest.mark.django_db

DETAIL_KEY = (
    "day",
    "call_to_action_id",
    "variant",
    "ab_test",
    "assigned",
    "placement",
    "source_page_id",
)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def generated(home_page):
    """A few hundred clicks and impressions at random times, with every kind of
    flag, variant and placement, from five days before the month of yesterday
    began until yesterday: past days that always cross a month end."""
    rng = random.Random(7)
    ctas = DonationCallToActionFactory.create_batch(3)
    pages = [StandardPageFactory(parent=home_page) for _ in range(3)]
    today = uk_today()
    yesterday = today - timedelta(days=1)
    first = yesterday.replace(day=1) - timedelta(days=5)
    start, _ = uk_day_bounds(first)
    span = (uk_day_bounds(yesterday)[1] - start).total_seconds()
    clicks = []
    for number in range(400):
        cta = rng.choice(ctas)
        ab_test = rng.choice([0, 0, 7])
        clicks.append(
            DonationClickFactory.build(
                call_to_action=cta,
                clicked_at=start + timedelta(seconds=rng.uniform(0, span)),
                variant=rng.choice(["control", "vb"]) if ab_test else "control",
                ab_test=ab_test,
                assigned=bool(ab_test) and rng.random() < 0.8,
                placement=rng.choice(["body", "foot", "home"]),
                source_page=rng.choice([*pages, None]),
                is_duplicate=rng.random() < 0.1,
                is_bot=rng.random() < 0.1,
                visitor_hash=f"{number:032x}",
            )
        )
    DonationClick.objects.bulk_create(clicks)
    buckets = Counter()
    for _ in range(600):
        hour = start + timedelta(hours=rng.randrange(int(span // 3600)))
        ab_test = rng.choice([0, 7])
        key = (
            hour,
            rng.choice(ctas).pk,
            rng.choice(["control", "vb"]) if ab_test else "control",
            ab_test,
            bool(ab_test),
            rng.choice(["body", "foot"]),
            rng.choice(pages).pk,
        )
        buckets[key] += rng.randint(1, 9)
    DonationImpression.objects.bulk_create(
        DonationImpression(
            hour=hour,
            call_to_action_id=cta_id,
            variant=variant,
            ab_test=ab_test,
            assigned=assigned,
            placement=placement,
            source_page_id=page_id,
            count=count,
        )
        for (hour, cta_id, variant, ab_test, assigned, placement, page_id), count in (
            buckets.items()
        )
    )
    return Period(first, yesterday).dates()


def raw_counts() -> dict[tuple, Counter]:
    """What the roll-up should hold, worked out in Python from the raw rows."""
    expected: dict[tuple, Counter] = {}
    for click in DonationClick.objects.all():
        key = (
            timezone.localdate(click.clicked_at),
            click.call_to_action_id,
            click.variant,
            click.ab_test,
            click.assigned,
            click.placement,
            click.source_page_id or 0,
        )
        counts = expected.setdefault(key, Counter())
        if click.is_bot:
            counts["bot_clicks"] += 1
        elif click.is_duplicate:
            counts["duplicate_clicks"] += 1
        else:
            counts["clicks"] += 1
    for bucket in DonationImpression.objects.all():
        key = (
            timezone.localdate(bucket.hour),
            bucket.call_to_action_id,
            bucket.variant,
            bucket.ab_test,
            bucket.assigned,
            bucket.placement,
            bucket.source_page_id,
        )
        expected.setdefault(key, Counter())["impressions"] += bucket.count
    return expected


def rolled_counts() -> dict[tuple, Counter]:
    return {
        tuple(row[name] for name in DETAIL_KEY): Counter(
            {
                name: row[name]
                for name in ("impressions", "clicks", "duplicate_clicks", "bot_clicks")
                if row[name]
            }
        )
        for row in DonationDailyStat.objects.values()
    }


def test_rollups_agree_with_the_raw_rows(generated):
    roll_up(generated)

    assert rolled_counts() == raw_counts()
    assert DonationRollupDay.objects.count() == len(generated)
    detail = DonationDailyStat.objects.all()
    assert sum(
        row.clicks + row.duplicate_clicks + row.bot_clicks for row in detail
    ) == (DonationClick.objects.count())


def test_daily_totals_and_monthly_pages_add_up_to_the_detail(generated):
    roll_up(generated)

    totals = Counter()
    for row in DonationDailyTotal.objects.all():
        totals[(row.day, row.call_to_action_id, row.placement)] += row.clicks
    detail = Counter()
    for row in DonationDailyStat.objects.all():
        detail[(row.day, row.call_to_action_id, row.placement)] += row.clicks
    assert +totals == +detail

    months = Counter()
    for row in DonationMonthlyPageStat.objects.all():
        months[(row.month, row.source_page_id)] += row.impressions
    by_month = Counter()
    for row in DonationDailyStat.objects.all():
        by_month[(row.day.replace(day=1), row.source_page_id)] += row.impressions
    assert +months == +by_month
    assert len({month for month, _ in months}) == 2  # the days cross a month end


def test_report_figures_are_the_same_from_rollups_and_from_raw_rows(generated):
    period = Period(generated[0], generated[-1])
    live = breakdowns([period], None, Sources(period.start, period.end, set()))[0]

    roll_up(generated)
    rolled = breakdowns([period], None, sources(period.start, period.end))[0]

    assert rolled.by_day == live.by_day
    assert rolled.by_cta == live.by_cta
    assert rolled.by_placement == live.by_placement
    assert (
        rolled.total.clicks
        == DonationClick.objects.filter(is_bot=False, is_duplicate=False).count()
    )


def pages(split: Sources) -> dict[int, tuple[int, int]]:
    rows, _ = by_page(split, None, limit=None)
    return {row.page_id: (row.figures.impressions, row.figures.clicks) for row in rows}


def raw_pages(start: date, end: date) -> dict[int, tuple[int, int]]:
    return pages(Sources(start, end, set()))


# The clock at 12 May 2026: `generated` runs from 26 April to 11 May.
SPANS = [
    # May's totals, less 1 and 2 May.
    (date(2026, 5, 3), date(2026, 5, 11), [True]),
    # Three days of April from their own rows, May from its totals.
    (date(2026, 4, 28), date(2026, 5, 11), [False, True]),
    # April's totals, five days of May from their own rows.
    (date(2026, 4, 26), date(2026, 5, 5), [True, False]),
]


@pytest.mark.parametrize(("start", "end", "from_totals"), SPANS)
def test_the_page_table_reads_months_or_days_and_agrees_with_the_raw_rows(
    steady_clock, generated, start, end, from_totals
):
    expected = raw_pages(start, end)
    roll_up(generated)
    split = sources(start, end)
    split.rolled = set(generated)  # as the report passes it: whole months

    assert [part.from_totals for part in month_parts(split)] == from_totals
    assert pages(split) == expected


def test_the_page_table_never_counts_a_day_twice_while_a_roll_up_runs(
    steady_clock, generated, home_page
):
    start, end = date(2026, 5, 3), date(2026, 5, 11)
    roll_up(day for day in generated if day != end)
    before = Sources(start, end, set(generated[:-1]))
    expected = raw_pages(start, end)

    # The report looked before 11 May was rolled up, and reads it raw: the
    # month's totals, summed since with 11 May in them, must not be used.
    roll_up([end])
    assert pages(before) == expected

    # A day rolled up again, its month not yet summed again: the days are read.
    DonationClickFactory(
        clicked_at=uk_day_bounds(date(2026, 5, 4))[0] + timedelta(hours=9),
        source_page=StandardPageFactory(parent=home_page),
    )
    roll_up_day(date(2026, 5, 4))
    now = Sources(start, end, set(generated))
    assert pages(now) == raw_pages(start, end) != expected


def test_rolling_up_again_follows_changes_to_the_raw_rows(generated):
    roll_up(generated)
    day = generated[2]
    start, _ = uk_day_bounds(day)
    cta = DonationCallToActionFactory()
    DonationClickFactory(call_to_action=cta, clicked_at=start + timedelta(hours=3))
    DonationClick.objects.filter(
        clicked_at__gte=start, clicked_at__lt=start + timedelta(hours=2)
    ).delete()

    roll_up([day])

    assert rolled_counts() == raw_counts()


def test_rolling_up_twice_changes_nothing(generated):
    roll_up(generated)
    before = rolled_counts()
    ids = set(DonationDailyStat.objects.values_list("id", flat=True))

    roll_up(generated)

    assert rolled_counts() == before
    # Upserts: unchanged rows are kept, not deleted and made again.
    assert set(DonationDailyStat.objects.values_list("id", flat=True)) == ids


def test_simple_fallback_writes_the_same_rows(generated, monkeypatch):
    # The SQLite path (delete, then insert) run on PostgreSQL's data.
    monkeypatch.setattr(connection, "vendor", "sqlite")
    roll_up(generated)
    monkeypatch.undo()

    assert rolled_counts() == raw_counts()


def test_today_is_never_rolled_up(home_page):
    DonationClickFactory()

    result = roll_up([uk_today()])

    assert result.days == []
    assert not DonationDailyStat.objects.exists()


@time_machine.travel(datetime(2026, 3, 29, 23, 30, tzinfo=UTC), tick=False)
def test_days_needing_rollup_are_the_finished_days_not_done(home_page):
    # Half past midnight in the UK, the day after the clocks went forward:
    # "now less four days" would be a UK day too early.
    today = uk_today()
    assert today == date(2026, 3, 30)
    DonationClickFactory(clicked_at=noon(4))
    DonationRollupDay.objects.create(
        day=today - timedelta(days=2), rolled_up_at=timezone.now()
    )

    assert days_needing_rollup() == [
        date(2026, 3, 26),
        date(2026, 3, 27),
        date(2026, 3, 29),
    ]


def test_rollup_command_with_and_without_dates(generated):
    call_command("rollup_donation_stats")
    assert DonationRollupDay.objects.count() == len(generated)

    DonationDailyStat.objects.all().delete()
    call_command(
        "rollup_donation_stats",
        "--from",
        generated[0].isoformat(),
        "--to",
        generated[1].isoformat(),
    )
    assert set(DonationDailyStat.objects.values_list("day", flat=True)) <= set(
        generated[:2]
    )

    with pytest.raises(CommandError, match="not a date"):
        call_command("rollup_donation_stats", "--from", "29/03/2026")
    with pytest.raises(CommandError, match="must end before today"):
        call_command("rollup_donation_stats", "--from", uk_today().isoformat())


@pytest.mark.parametrize(
    ("instant", "uk_day"),
    [
        # Clocks go forward at 01:00 UTC on 30 March 2025 (a 23-hour day).
        (utc(2025, 3, 29, 23, 59), date(2025, 3, 29)),
        (utc(2025, 3, 30, 0, 30), date(2025, 3, 30)),
        (utc(2025, 3, 30, 22, 59), date(2025, 3, 30)),
        (utc(2025, 3, 30, 23, 0), date(2025, 3, 31)),
        # Clocks go back at 01:00 UTC on 26 October 2025 (a 25-hour day).
        (utc(2025, 10, 25, 22, 59), date(2025, 10, 25)),
        (utc(2025, 10, 25, 23, 0), date(2025, 10, 26)),
        (utc(2025, 10, 26, 23, 59), date(2025, 10, 26)),
        (utc(2025, 10, 27, 0, 0), date(2025, 10, 27)),
        # Midnight in summer is 23:00 UTC; in winter, 00:00 UTC.
        (utc(2025, 6, 1, 22, 59, 59), date(2025, 6, 1)),
        (utc(2025, 6, 1, 23, 0, 0), date(2025, 6, 2)),
        (utc(2025, 12, 1, 23, 59, 59), date(2025, 12, 1)),
        (utc(2025, 12, 2, 0, 0, 0), date(2025, 12, 2)),
    ],
)
def test_clicks_and_impressions_count_on_their_uk_day(home_page, instant, uk_day):
    cta = DonationCallToActionFactory()
    page = StandardPageFactory(parent=home_page)
    DonationClickFactory(call_to_action=cta, clicked_at=instant, source_page=page)
    DonationImpressionFactory(
        call_to_action=cta,
        hour=instant.replace(minute=0, second=0),
        source_page=page,
        count=5,
    )
    period = Period(uk_day - timedelta(days=1), uk_day + timedelta(days=1))
    live = breakdowns([period], None, Sources(period.start, period.end, set()))[0]

    roll_up(period.dates())
    rolled = breakdowns([period], None, sources(period.start, period.end))[0]

    for figures in (live, rolled):
        assert {day: f.clicks for day, f in figures.by_day.items() if f.clicks} == {
            uk_day: 1
        }
        assert {
            day: f.impressions for day, f in figures.by_day.items() if f.impressions
        } == {uk_day: 5}
    assert DonationDailyStat.objects.get().day == uk_day


def test_uk_days_are_23_or_25_hours_long_when_the_clocks_change():
    def hours(day):
        start, end = uk_day_bounds(day)
        return (end - start).total_seconds() / 3600

    assert hours(date(2025, 3, 30)) == 23
    assert hours(date(2025, 10, 26)) == 25
    assert hours(date(2025, 6, 1)) == 24


def test_pruning_deletes_only_old_days_that_are_rolled_up(home_page):
    today = uk_today()
    old, older, recent = (today - timedelta(days=n) for n in (40, 41, 3))
    for day in (old, older, recent):
        start, _ = uk_day_bounds(day)
        DonationClickFactory(clicked_at=start + timedelta(hours=12))
        DonationImpressionFactory(hour=start + timedelta(hours=12))
    roll_up([older, recent])  # `old` is not rolled up yet

    result = prune(retention_days=30)

    assert result.days == [older]
    assert (result.clicks, result.impressions) == (1, 1)
    remaining = {timezone.localdate(c.clicked_at) for c in DonationClick.objects.all()}
    assert remaining == {old, recent}
    assert DonationRollupDay.objects.get(day=older).pruned_at is not None
    # The roll-up keeps the pruned day's figures...
    assert DonationDailyStat.objects.filter(day=older).exists()
    # ...and never works it out again from the (now missing) raw rows.
    assert roll_up([older]).skipped_pruned == [older]
    assert DonationDailyStat.objects.filter(day=older).exists()


def test_prune_command_uses_the_setting_and_refuses_too_short_a_retention(
    home_page, settings
):
    settings.DONATION_CLICK_RETENTION_DAYS = 10
    day = uk_today() - timedelta(days=12)
    start, _ = uk_day_bounds(day)
    DonationClickFactory(clicked_at=start + timedelta(hours=1))
    roll_up([day])

    call_command("prune_donation_clicks")

    assert not DonationClick.objects.exists()
    with pytest.raises(CommandError, match="at least 2 days"):
        call_command("prune_donation_clicks", "--days", "1")


def test_replayed_clicks_are_rolled_into_their_past_day(home_page):
    cta = DonationCallToActionFactory()
    day = uk_today() - timedelta(days=2)
    start, _ = uk_day_bounds(day)
    roll_up([day])
    spool_click(
        Click(
            cta_id=cta.pk,
            variant="control",
            placement="body",
            page_id=None,
            device_class="desktop",
            is_bot=False,
            visitor_hash="a" * 32,
            clicked_at=start + timedelta(hours=5),
        )
    )

    call_command("replay_donation_clicks")

    assert DonationDailyStat.objects.get(day=day).clicks == 1
