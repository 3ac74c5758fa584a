from django.core.management.base import BaseCommand, CommandError

from donations.insights.rollup import roll_up
from donations.recording import replay_spool


class Command(BaseCommand):
    help = (
        "Store donate clicks that were spooled while the database was unavailable, "
        "then roll up again the past days they belong to. Safe to run at any time, "
        "and again: each click is stored once."
    )

    def handle(self, *args, **options):
        result = replay_spool()
        self.stdout.write(
            f"Stored {result.stored} spooled clicks; {result.already_stored} were "
            f"already stored; {result.rejected} unreadable lines set aside."
        )
        if result.days:
            rolled = roll_up(result.days)
            if rolled.days:
                self.stdout.write(f"Rolled up again: {_days(rolled.days)}.")
            if rolled.skipped_pruned:
                self.stderr.write(
                    "Not rolled up again, their raw clicks being pruned: "
                    f"{_days(rolled.skipped_pruned)}. The replayed clicks for those "
                    "days are stored but not in the report."
                )
        if result.remaining:
            raise CommandError(
                f"The database is still failing; {result.remaining} clicks are kept "
                "for the next run."
            )


def _days(days) -> str:
    return ", ".join(f"{day:%d/%m/%Y}" for day in sorted(days))
