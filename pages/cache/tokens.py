"""Where the page cache keeps its tokens (store.py): small strings every hit reads.

With Redis they are plain strings, read and written with the Redis client
itself: one MGET then costs little more than the round trip, where Django's
cache API (key objects, pickling) costs about as much again, a third of a hit.
Without Redis (development, most tests) Django's cache API keeps them.

A read that fails gives None: the caller cannot tell what is current, so it
neither serves nor stores a page. After a failure Redis is left alone for a
while (pages.visitors.cache_health), so a hanging server does not hold up
every request for its socket timeout.
"""

import logging
import threading

from django.conf import settings
from django.core.cache import caches

import hiredis
from redis.exceptions import RedisError

from pages.visitors import cache_health

logger = logging.getLogger(__name__)


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _redis(cache):
    """The Redis client behind the page cache, None when it is not Redis."""
    backend = getattr(cache, "client", None)
    return backend.get_client(write=True) if backend is not None else None


class _Reader(threading.local):
    """This thread's connection for reading tokens, from the client's pool."""

    client = None
    connection = None

    def mget(self, client, keys: list[str]) -> list[bytes | None]:
        if self.client is not client:
            self.client = client
            self.connection = client.connection_pool.make_connection()
        # Packed by hiredis in one call: redis-py's send_command() costs a third
        # of the read. On an error the connection closes itself, and reconnects
        # when next used.
        command = hiredis.pack_command(("MGET", *keys))
        self.connection.send_packed_command([command], check_health=False)
        return self.connection.read_response()


_reader = _Reader()


def read(keys: list[str]) -> dict[str, str] | None:
    """The values of those of `keys` that exist, or None if the cache failed."""
    cache = _cache()
    redis = _redis(cache)
    if redis is None:
        return cache.get_many(keys)
    if not cache_health.answering():
        return None
    try:
        values = _reader.mget(redis, [cache.make_key(key) for key in keys])
    except (RedisError, OSError):
        cache_health.failed("the page cache")
        return None
    found = zip(keys, values, strict=True)
    return {key: value.decode() for key, value in found if value is not None}


def add(key: str, value: str) -> str | None:
    """Store `value` unless the key has one; what the key holds after, if known."""
    cache = _cache()
    redis = _redis(cache)
    if redis is None:
        cache.add(key, value, timeout=None)
        return cache.get(key)
    try:
        redis.set(cache.make_key(key), value, nx=True)
        found = redis.get(cache.make_key(key))
    except (RedisError, OSError):
        cache_health.failed("the page cache")
        return None
    return found.decode() if found is not None else None


def write(values: dict[str, str], timeout: int | None = None) -> None:
    """Store every value, for `timeout` seconds (None: until replaced).

    Always tried, even while reads are being skipped: a purge that might reach
    Redis must not be dropped."""
    cache = _cache()
    redis = _redis(cache)
    if redis is None:
        cache.set_many(values, timeout=timeout)
        return
    try:
        with redis.pipeline(transaction=False) as pipeline:
            for key, value in values.items():
                pipeline.set(cache.make_key(key), value, ex=timeout)
            pipeline.execute()
    except (RedisError, OSError):
        logger.exception("Could not write page cache tokens %s", list(values))
