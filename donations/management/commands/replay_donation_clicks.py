from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from donations.recording import SpoolReplay, replay_spool
from donations.rollup import roll_up


class Command(BaseCommand):
    help = (
        "Store donate clicks that were spooled while the database was unavailable "
        "(the Redis spool when Redis answers, then the spool file), then roll up "
        "again the past days they belong to. Safe to run at any time, and again: "
        "each click is stored once."
    )

    def handle(self, *args, **options):
        result = replay_spool()
        self.stdout.write(_describe("Redis spool", result.redis))
        self.stdout.write(
            _describe(f"Spool file {settings.DONATION_SPOOL_FILE}", result.file)
        )
        self.stdout.write(
            f"Stored {result.stored} spooled clicks; {result.already_stored} were "
            f"already stored; {result.rejected} unreadable lines set aside."
        )
        if result.redis.status == "unreachable":
            self.stderr.write(
                "Redis is unreachable: clicks spooled there (if any) wait for a "
                "run when it is back. The spool file was replayed."
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


def _describe(name: str, spool: SpoolReplay) -> str:
    if spool.status != "replayed":
        return f"{name}: {spool.status}."
    return (
        f"{name}: {spool.stored} stored, {spool.already_stored} already stored, "
        f"{spool.rejected} unreadable, {spool.remaining} kept."
    )


def _days(days) -> str:
    return ", ".join(f"{day:%d/%m/%Y}" for day in sorted(days))
