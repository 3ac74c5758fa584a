import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from donations.insights.rollup import roll_up
from donations.recording import SpoolReplay, replay_spool


class Command(BaseCommand):
    help = (
        "Store donate clicks waiting in the Redis queue (every click, when Redis "
        "is the cache) and in the spool file (clicks that could go nowhere else), "
        "then roll up again the past days they belong to. Safe to run at any "
        "time, and again: each click is stored once. --every N keeps going, "
        "every N seconds, as a worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            metavar="SECONDS",
            help="Keep replaying, this many seconds apart, until stopped.",
        )

    def handle(self, *args, every=None, **options):
        if every is None:
            return self.replay(quiet=False)
        while True:
            # A connection the database dropped (a restart) is replaced.
            close_old_connections()
            try:
                self.replay(quiet=True)
            except CommandError as error:
                self.stderr.write(str(error))
            time.sleep(max(every, 0.1))

    def replay(self, quiet: bool) -> None:
        result = replay_spool()
        if quiet and not (result.stored or result.rejected or result.remaining):
            return
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
