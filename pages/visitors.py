"""Telling visitors apart without knowing who they are.

A visitor is a keyed hash of IP address and user agent; rate limits key on the
address alone (a new user agent must not buy a new allowance). The key is a
salt for the (UK) day. With Redis it is random, lives only in the cache and
expires at midnight, so yesterday's hashes cannot be linked to anyone, or to
today's. Without a shared cache (no Redis, or Redis down) every process derives
the same salt from SECRET_KEY and the date, so two workers still agree on who
is who. Neither the address nor the user agent is ever stored.

When the cache cannot be reached, rate limits fall back to a count kept in each
process, and the cache is left alone for a short while instead of making every
request wait for it to time out.
"""

import hashlib
import ipaddress
import logging
import secrets
import threading
import time
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

MAX_USER_AGENT = 512
# After a cache failure, use the fallbacks for this long before trying again.
CACHE_RETRY_SECONDS = 30


class _UkDay:
    """The UK date, worked out once a day: every donate click asks for it three
    times, and converting to local time costs more than the rest of a hash."""

    def __init__(self):
        # Zone, start and end (UTC), day: replaced whole.
        self.span = (None, None, None, None)

    def at(self, now: datetime) -> date:
        # The zone too: a changed TIME_ZONE setting means working it out again.
        zone = timezone.get_default_timezone()
        known, start, end, day = self.span
        if known is zone and start <= now < end:
            return day
        day = now.astimezone(zone).date()
        start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
        end = datetime.combine(
            day + timedelta(days=1), datetime.min.time(), tzinfo=zone
        )
        self.span = (zone, start.astimezone(UTC), end.astimezone(UTC), day)
        return day


_uk_day = _UkDay()


def uk_today(now: datetime | None = None) -> date:
    return _uk_day.at(now or timezone.now())


def _seconds_to_midnight(now: datetime) -> int:
    local = timezone.localtime(now)
    midnight = (local + timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return max(1, int((midnight - local).total_seconds()))


class _CacheHealth:
    """Whether the shared cache answered lately, per process."""

    def __init__(self):
        self.down_until = 0.0

    @staticmethod
    def shared() -> bool:
        """False for an in-process cache, which each worker has its own of."""
        return "redis" in settings.CACHES["default"]["BACKEND"].lower()

    def answering(self) -> bool:
        return time.monotonic() >= self.down_until

    def failed(self, what: str) -> None:
        if time.monotonic() >= self.down_until:
            logger.warning(
                "Cache unavailable for %s; using per-process fallbacks for %ss",
                what,
                CACHE_RETRY_SECONDS,
            )
        self.down_until = time.monotonic() + CACHE_RETRY_SECONDS


cache_health = _CacheHealth()


def derived_salt(day: date) -> str:
    """The day's salt when no shared cache holds a random one: the same in every
    process that has the same SECRET_KEY."""
    return _derived_salt(day, settings.SECRET_KEY)


@lru_cache(maxsize=8)
def _derived_salt(day: date, secret: str) -> str:
    return salted_hmac(
        "pages.visitors.daily-salt", day.isoformat(), secret=secret
    ).hexdigest()


class _SaltMemo:
    """The day's shared salt as this process last read it: every donate click
    hashes with it twice, and it changes only at midnight. Read again after a
    minute, so a process that kept an old one (Redis flushed) soon agrees
    with the others again."""

    SECONDS = 60

    def __init__(self):
        self.key: tuple | None = None
        self.salt = ""
        self.until = 0.0

    def get(self, key: tuple) -> str | None:
        if key == self.key and time.monotonic() < self.until:
            return self.salt
        return None

    def keep(self, key: tuple, salt: str) -> None:
        self.key, self.salt = key, salt
        self.until = time.monotonic() + self.SECONDS


salt_memo = _SaltMemo()


def daily_salt(now: datetime | None = None) -> str:
    now = now or timezone.now()
    day = uk_today(now)
    if not (cache_health.shared() and cache_health.answering()):
        return derived_salt(day)
    key = f"visitors:salt:{day.isoformat()}"
    # Which cache too: a changed setting (a test's) means another salt.
    default = settings.CACHES["default"]
    memo_key = (key, default.get("LOCATION"), default.get("KEY_PREFIX"))
    if (salt := salt_memo.get(memo_key)) is not None:
        return salt
    try:
        # add() is atomic: when two processes race, both read the first salt.
        cache.add(key, secrets.token_hex(32), timeout=_seconds_to_midnight(now))
        salt = cache.get(key)
    except Exception:
        salt = None
    if not salt:  # with IGNORE_EXCEPTIONS a Redis outage reads as a miss
        cache_health.failed("the visitor salt")
        return derived_salt(day)
    salt_memo.keep(memo_key, salt)
    return salt


def client_ip(request) -> str:
    """The visitor's address, taking only as many X-Forwarded-For entries from the
    right as there are trusted proxies (earlier ones can be forged)."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def network(request) -> str:
    """The address rate limits count against: the IPv4 address, or the /64 an
    IPv6 host picks its addresses from (one household or phone)."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:MAX_USER_AGENT]


def _keyed_hash(material: str, now: datetime | None) -> str:
    key = daily_salt(now).encode()[:64]
    return hashlib.blake2b(material.encode(), key=key, digest_size=16).hexdigest()


def visitor_hash(request, now: datetime | None = None) -> str:
    """Who clicked, for spotting repeated donate clicks: address and user agent."""
    return _keyed_hash(f"{client_ip(request)}\n{user_agent(request)}", now)


def network_key(request, now: datetime | None = None) -> str:
    """Whom a rate limit counts: the network address only, never the user agent."""
    return _keyed_hash(f"net\n{network(request)}", now)


class _ProcessCounter:
    """Fixed-window counts in this process, for when the cache cannot count."""

    MAX_KEYS = 50_000

    def __init__(self):
        self.lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self.bucket: dict[str, int] = {}

    def incr(self, key: str, bucket: int) -> int:
        with self.lock:
            if self.bucket.get(key) != bucket:
                if len(self.counts) >= self.MAX_KEYS:
                    self._forget_old(bucket)
                self.bucket[key] = bucket
                self.counts[key] = 0
            self.counts[key] += 1
            return self.counts[key]

    def _forget_old(self, bucket: int) -> None:
        for key in [k for k, b in self.bucket.items() if b != bucket]:
            del self.bucket[key], self.counts[key]


process_counter = _ProcessCounter()


def within_rate_limit(kind: str, visitor: str, limit: int, window: int = 600) -> bool:
    """At most `limit` requests of `kind` per visitor per `window` seconds.

    A fixed window counted in the cache; when the cache is down, counted in this
    process instead (so each worker allows `limit`): the limits keep protecting
    the tables while the site keeps working.
    """
    bucket = int(time.time() // window)
    key = f"visitors:rate:{kind}:{window}:{visitor}"
    count = None
    if cache_health.answering():
        try:
            cache.add(f"{key}:{bucket}", 0, timeout=window + 5)
            count = cache.incr(f"{key}:{bucket}")
        except Exception:
            count = None
        if count is None:
            cache_health.failed("rate limits")
    if count is None:
        count = process_counter.incr(key, bucket)
    return count <= limit
