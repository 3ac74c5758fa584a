"""Did every donate click of the run reach the database?

With Redis the click redirect only queues a click; `replay_donation_clicks`
(a worker in production) stores the queue. The bench drains the queue before
the run, lets the run fill it, counts it, drains it again with the command
and counts the rows it gained. Nothing may be missing: every request wrk
saw answered must be a stored row (the server may have answered a few more,
still in flight when wrk stopped) unless the rate limit refused it.

Once counted, the run's clicks are removed: the report is timed over the
generated year, and every run would otherwise add its tens of thousands of
clicks to today's figures, which the report reads live, not rolled up.
"""

import io
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from donations.models import DonationClick
from donations.recording import SPOOL_REDIS_KEY
from donations.visitors import refused_count

SETTLE_ATTEMPTS = 30


@dataclass(frozen=True)
class Baseline:
    rows: int
    refused: int


def _replay() -> str:
    output = io.StringIO()
    call_command("replay_donation_clicks", stdout=output, stderr=output)
    return output.getvalue()


def _queued() -> int | None:
    """Clicks waiting in the Redis queue; None without Redis (clicks are then
    stored during their request)."""
    if "django_redis" not in settings.CACHES["default"]["BACKEND"]:
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default").llen(SPOOL_REDIS_KEY)


def _settled() -> int | None:
    """The queue's length once the requests still in the servers when wrk
    stopped have been answered: the same twice, a second apart."""
    previous, current = None, _queued()
    for _ in range(SETTLE_ATTEMPTS):
        if current == previous:
            break
        time.sleep(1)
        previous, current = current, _queued()
    return current


def newest() -> int:
    """The newest stored click's id, before the run's first click."""
    return DonationClick.objects.aggregate(newest=Max("id"))["newest"] or 0


def remove_after(newest_before: int) -> int:
    """Remove the clicks stored since `newest()` said `newest_before`."""
    removed, _ = DonationClick.objects.filter(id__gt=newest_before).delete()
    return removed


def baseline() -> Baseline:
    _settled()
    _replay()
    return Baseline(
        DonationClick.objects.count(), refused_count("click", timezone.localdate())
    )


def check(before: Baseline, answered: int) -> dict:
    queued = _settled()
    _replay()
    stored = DonationClick.objects.count() - before.rows
    refused = refused_count("click", timezone.localdate()) - before.refused
    lost = max(0, answered - refused - stored)
    if queued is not None:
        lost = max(lost, queued - stored)
    return {
        "sent": answered,
        "queued": queued,
        "stored": stored,
        "refused": refused,
        "lost": lost,
    }
