"""Writing clicks and impressions, and keeping clicks safe when the database is not.

With Redis as the cache, a click joins a Redis list (one quick write on the
visitor's way to the payment page, however busy the database is) and
`manage.py replay_donation_clicks` stores the list in the database, exactly
once per click. Without Redis, a click is stored at once. A click that cannot
go either way goes to an append-only spool file, one JSON line per click,
which the same command replays.
"""

import json
import logging
import os
import uuid
from collections import Counter
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from redis.exceptions import RedisError

from .models import DonationClick, DonationImpression

logger = logging.getLogger(__name__)

DUPLICATE_WINDOW = timedelta(minutes=30)
# First half of PostgreSQL's two-part advisory lock key, so our locks never
# meet another feature's: "DONA" as a 32-bit integer.
ADVISORY_LOCK_NAMESPACE = 0x444F4E41
SPOOL_REDIS_KEY = "donations:click-spool"
# Clicks a replay has taken from the list and not yet stored: put back by the
# next replay if this one dies half-way, so a crash loses nothing.
STORING_REDIS_KEY = "donations:click-spool:storing"


@dataclass
class Click:
    """A click as the redirect sees it: what a row needs, and what the spool keeps."""

    cta_id: int
    variant: str
    placement: str
    page_id: int | None
    device_class: str
    is_bot: bool
    visitor_hash: str
    clicked_at: datetime = field(default_factory=timezone.now)
    spool_id: uuid.UUID | None = None
    ab_test: int = 0
    assigned: bool = False

    def to_json(self) -> str:
        # Not asdict(), which deep-copies: every click passes through here.
        data = {each.name: getattr(self, each.name) for each in dataclass_fields(self)}
        data["clicked_at"] = self.clicked_at.isoformat()
        data["spool_id"] = str(self.spool_id or uuid.uuid4())
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> "Click":
        data = json.loads(line)
        data["clicked_at"] = parse_datetime(data["clicked_at"])
        data["spool_id"] = uuid.UUID(data["spool_id"])
        if data["clicked_at"] is None:
            raise ValueError("bad time")
        return cls(**data)


def store_click(click: Click) -> DonationClick | None:
    """Write one click row, flagged as a duplicate when the same visitor has a click
    within 30 minutes of it. Returns None when a replayed click is already stored.

    The check and the insert run under a transaction-level advisory lock on the
    visitor, so two simultaneous clicks give exactly one unflagged row.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                    [ADVISORY_LOCK_NAMESPACE, click.visitor_hash],
                )
        if (
            click.spool_id
            and DonationClick.objects.filter(spool_id=click.spool_id).exists()
        ):
            return None
        # Either side of this click's time: a simultaneous click may have been
        # timed a moment later but stored first, and a replayed click is older
        # than those stored meanwhile. Whichever is stored second is the duplicate.
        duplicate = DonationClick.objects.filter(
            visitor_hash=click.visitor_hash,
            clicked_at__gte=click.clicked_at - DUPLICATE_WINDOW,
            clicked_at__lte=click.clicked_at + DUPLICATE_WINDOW,
        ).exists()
        return DonationClick.objects.create(
            clicked_at=click.clicked_at,
            call_to_action_id=click.cta_id,
            variant=click.variant,
            ab_test=click.ab_test,
            assigned=click.assigned,
            placement=click.placement,
            source_page_id=click.page_id,
            device_class=click.device_class,
            visitor_hash=click.visitor_hash,
            is_bot=click.is_bot,
            is_duplicate=duplicate,
            spool_id=click.spool_id,
        )


def record_click(click: Click) -> None:
    """Queue the click in Redis, or store it, or spool it to the file. Never
    raises: whatever goes wrong (Redis, the database, a bug), the visitor is
    still redirected and the failure is logged with its traceback."""
    if settings.DONATION_CLICK_QUEUE and _push_to_redis(click.to_json()):
        return
    try:
        store_click(click)
        return
    except Exception:
        logger.exception("Could not store a donate click; spooling it")
    spool_click(click)


def _push_to_redis(line: str) -> bool:
    try:
        redis = _redis()
        if redis is not None:
            redis.rpush(SPOOL_REDIS_KEY, line)
            return True
    except Exception:
        logger.exception("Could not queue a donate click in Redis")
    return False


def _redis():
    if "django_redis" not in settings.CACHES["default"]["BACKEND"]:
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def spool_click(click: Click) -> None:
    line = click.to_json()
    if _push_to_redis(line):
        return
    try:
        _append_line(settings.DONATION_SPOOL_FILE, line)
    except OSError:
        # The last resort: the log line itself holds everything the row needs.
        logger.critical("Donate click lost to storage, kept here: %s", line)


def _append_line(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # One write() of one line under O_APPEND: lines from several processes never
    # interleave.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, (line + "\n").encode())
    finally:
        os.close(descriptor)


@dataclass
class SpoolReplay:
    """What one spool (Redis or the file) gave up."""

    stored: int = 0
    already_stored: int = 0
    rejected: int = 0
    remaining: int = 0
    # "replayed", "empty", "unreachable" (Redis down) or "not configured".
    status: str = "replayed"


@dataclass
class ReplayResult:
    redis: SpoolReplay = field(default_factory=SpoolReplay)
    file: SpoolReplay = field(default_factory=SpoolReplay)
    # UK days that gained clicks: their roll-ups need writing again.
    days: set = field(default_factory=set)

    @property
    def stored(self) -> int:
        return self.redis.stored + self.file.stored

    @property
    def already_stored(self) -> int:
        return self.redis.already_stored + self.file.already_stored

    @property
    def rejected(self) -> int:
        return self.redis.rejected + self.file.rejected

    @property
    def remaining(self) -> int:
        """Clicks kept because the database failed (not those Redis still holds)."""
        return self.redis.remaining + self.file.remaining


def replay_spool() -> ReplayResult:
    """Store every spooled click: the Redis list when Redis answers, then the file
    (clicks land there whenever Redis cannot take them). Stops at the first
    database failure, keeping what is left for the next run; unreadable lines go
    to a `.rejected` file."""
    result = ReplayResult()
    _replay_redis(result)
    if result.redis.remaining:
        result.file.status = "not reached"
        return result
    _replay_file(settings.DONATION_SPOOL_FILE, result)
    return result


def _replay_redis(result: ReplayResult) -> None:
    spool = result.redis
    redis = _redis()
    if redis is None:
        spool.status = "not configured"
        return
    try:
        # What a replay that died half-way had taken goes back to the front.
        while redis.lmove(STORING_REDIS_KEY, SPOOL_REDIS_KEY, "RIGHT", "LEFT"):
            pass
        if not redis.llen(SPOOL_REDIS_KEY):
            spool.status = "empty"
            return
        while (
            line := redis.lmove(SPOOL_REDIS_KEY, STORING_REDIS_KEY, "LEFT", "RIGHT")
        ) is not None:
            if not _replay_line(_text(line), result, spool):
                _put_back(redis, line)
                spool.remaining = max(1, redis.llen(SPOOL_REDIS_KEY))
                return
            redis.lrem(STORING_REDIS_KEY, 1, line)
    except (RedisError, OSError):
        # Whatever Redis still holds waits for a run when it is back.
        logger.warning("Redis unreachable; its click spool was not replayed")
        spool.status = "unreachable"


def _text(line) -> str:
    return line.decode() if isinstance(line, bytes) else line


def _put_back(redis, line) -> None:
    """Return a click the database refused to the head of the list, or to the
    file should Redis fail at that moment: never drop it."""
    try:
        redis.lmove(STORING_REDIS_KEY, SPOOL_REDIS_KEY, "RIGHT", "LEFT")
    except (RedisError, OSError):
        _append_line(settings.DONATION_SPOOL_FILE, _text(line))


def _replay_file(path: Path, result: ReplayResult) -> None:
    spool = result.file
    working = path.with_name(path.name + ".replaying")
    if not working.exists():
        if not path.exists():
            spool.status = "empty"
            return
        # Rename first, so clicks spooled while we replay land in a fresh file.
        path.rename(working)
    lines = [line for line in working.read_text().splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if not _replay_line(line, result, spool):
            for unstored in lines[index:]:
                _append_line(path, unstored)
            spool.remaining = len(lines) - index
            working.unlink()
            return
    working.unlink()


def _replay_line(line: str, result: ReplayResult, spool: SpoolReplay) -> bool:
    """False when the database failed and replaying should stop."""
    try:
        click = Click.from_json(line)
    except (ValueError, KeyError, TypeError):
        _append_line(settings.DONATION_SPOOL_FILE.with_suffix(".rejected"), line)
        spool.rejected += 1
        return True
    try:
        stored = store_click(click)
    except DatabaseError:
        logger.exception("Database still failing; replay stopped")
        return False
    if stored is None:
        spool.already_stored += 1
    else:
        spool.stored += 1
        result.days.add(timezone.localdate(click.clicked_at))
    return True


@dataclass(frozen=True, order=True)
class ImpressionKey:
    """One hourly impression bucket."""

    hour: datetime
    cta_id: int
    variant: str
    placement: str
    page_id: int
    ab_test: int = 0
    assigned: bool = False

    def fields(self) -> dict:
        return {
            "hour": self.hour,
            "call_to_action_id": self.cta_id,
            "variant": self.variant,
            "ab_test": self.ab_test,
            "assigned": self.assigned,
            "placement": self.placement,
            "source_page_id": self.page_id,
        }


def add_impressions(counts: Counter[ImpressionKey]) -> None:
    """Add to the hourly impression counts: one upsert per bucket."""
    table = DonationImpression._meta.db_table
    with transaction.atomic():
        # Sorted, so concurrent beacons lock buckets in the same order and
        # cannot deadlock.
        for key, number in sorted(counts.items()):
            fields = key.fields()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"""
                        INSERT INTO {table} ({", ".join(fields)}, count)
                        VALUES ({", ".join(["%s"] * (len(fields) + 1))})
                        ON CONFLICT ({", ".join(fields)})
                        DO UPDATE SET count = {table}.count + EXCLUDED.count
                        """,
                        [*fields.values(), number],
                    )
            else:
                _add_impressions_simply(fields, number)


def _add_impressions_simply(fields: dict, number: int) -> None:
    """SQLite (`make run`): update, or create when the bucket is new."""
    bucket = DonationImpression.objects.filter(**fields)
    if bucket.update(count=F("count") + number):
        return
    try:
        with transaction.atomic():
            DonationImpression.objects.create(**fields, count=number)
    except IntegrityError:
        bucket.update(count=F("count") + number)
