"""Telling visitors apart without knowing who they are.

A visitor is a keyed hash of IP address and user agent. The key is a random
salt made fresh each (UK) day; it lives only in the cache and expires at
midnight, so yesterday's hashes cannot be linked to anyone, or to today's.
Neither the address nor the user agent is ever stored. Used for rate limits
(feedback, donate clicks and beacons) and for spotting repeated donate clicks.
"""

import hashlib
import logging
import secrets
import time
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_USER_AGENT = 512
# Used only when the cache cannot be reached: one salt per process per day.
_fallback_salts: dict[date, str] = {}


def uk_today(now: datetime | None = None) -> date:
    return timezone.localtime(now or timezone.now()).date()


def _seconds_to_midnight(now: datetime) -> int:
    local = timezone.localtime(now)
    midnight = (local + timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return max(1, int((midnight - local).total_seconds()))


def daily_salt(now: datetime | None = None) -> str:
    now = now or timezone.now()
    day = uk_today(now)
    key = f"visitors:salt:{day.isoformat()}"
    try:
        # add() is atomic: when two processes race, both read the first salt.
        cache.add(key, secrets.token_hex(32), timeout=_seconds_to_midnight(now))
        salt = cache.get(key)
    except Exception:  # a cache outage must not stop the site
        logger.warning("Cache unavailable for the visitor salt", exc_info=True)
        salt = None
    if not salt:
        for old_day in [d for d in _fallback_salts if d != day]:
            del _fallback_salts[old_day]
        salt = _fallback_salts.setdefault(day, secrets.token_hex(32))
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


def user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:MAX_USER_AGENT]


def visitor_hash(request, now: datetime | None = None) -> str:
    material = f"{client_ip(request)}\n{user_agent(request)}".encode()
    key = daily_salt(now).encode()[:64]
    return hashlib.blake2b(material, key=key, digest_size=16).hexdigest()


def within_rate_limit(kind: str, visitor: str, limit: int, window: int = 600) -> bool:
    """At most `limit` requests of `kind` per visitor per `window` seconds.

    A fixed window counted in the cache; when the cache is down, everything is
    allowed (the limits protect the tables, and the site must keep working).
    """
    bucket = int(time.time() // window)
    key = f"visitors:rate:{kind}:{visitor}:{bucket}"
    try:
        cache.add(key, 0, timeout=window + 5)
        count = cache.incr(key)
    except Exception:
        return True
    return count is None or count <= limit
