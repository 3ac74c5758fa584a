from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from donations.insights.rollup import days_needing_rollup, roll_up, uk_today


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date like 2026-03-29.") from error


class Command(BaseCommand):
    help = (
        "Roll up donate clicks and impressions into the daily figures the report "
        "reads (UK days). With no dates, rolls up every finished day not yet "
        "done; with --from/--to, writes those days again. Safe to repeat. Run it "
        "from cron shortly after midnight UK time, for example at 00:15."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=_date, help="First day.")
        parser.add_argument(
            "--to", dest="end", type=_date, help="Last day (yesterday at the latest)."
        )

    def handle(self, *args, start=None, end=None, **options):
        yesterday = uk_today() - timedelta(days=1)
        if start is None and end is None:
            days = days_needing_rollup()
        else:
            start = start or end
            end = min(end or yesterday, yesterday)
            if start > end:
                raise CommandError(
                    "Nothing to roll up: the range must end before today (today is "
                    "read live) and start on or before its end."
                )
            days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        result = roll_up(days)
        if result.days:
            self.stdout.write(
                f"Rolled up {len(result.days)} days, "
                f"{result.days[0]:%d/%m/%Y} to {result.days[-1]:%d/%m/%Y}, and "
                f"{len(result.months)} months of page totals."
            )
        else:
            self.stdout.write("Nothing to roll up.")
        if result.skipped_pruned:
            self.stderr.write(
                f"Left {len(result.skipped_pruned)} days as they were: their raw "
                "rows are pruned, so they cannot be worked out again."
            )
