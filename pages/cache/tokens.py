"""Where the page cache keeps its tokens (store.py): small strings every hit reads.

With Redis they are plain strings in Redis, and each thread keeps the ones it
has read, told by Redis the moment one changes (client-side caching,
"tracking", Redis 6 and later): a hit then reads its tokens from memory after
one look at two sockets, with no round trip, and a purge by any process still
reaches every process at once. Without Redis (development, most tests) Django's
cache API keeps them.

A read that fails gives None: the caller cannot tell what is current, so it
neither serves nor stores a page. After a failure Redis is left alone for a
while (pages.visitors.cache_health), so a hanging server does not hold up
every request for its socket timeout.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from pages import redis_calls
from pages.visitors import cache_health

logger = logging.getLogger(__name__)

INVALIDATIONS = "__redis__:invalidate"
# Changes are pushed at once; held tokens are read again after this long all
# the same, which bounds how stale they could get if the connection that hears
# of changes were lost without either end noticing (a firewall dropping it).
TRUST_SECONDS = 1.0


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _redis(cache):
    """The Redis client behind the page cache, None when it is not Redis."""
    backend = getattr(cache, "client", None)
    return backend.get_client(write=True) if backend is not None else None


def _connection(client):
    """A connection of the client's settings, outside its pool, in RESP2 (in
    RESP3 invalidations would come between replies, as pushes) and giving bytes."""
    pool = client.connection_pool
    options = {**pool.connection_kwargs, "protocol": 2, "decode_responses": False}
    connection = pool.connection_class(**options)
    connection.connect()
    return connection


class _Tokens(threading.local):
    """The tokens this thread has read from Redis, kept current by Redis.

    Redis remembers the keys read on `reads` and, when one changes (written,
    expired, evicted, flushed), sends its name to `news`, a connection
    subscribed to invalidations. Every read first takes in what `news` holds,
    and asks Redis only for the keys not held."""

    client = None
    reads = None
    news = None
    values: dict[str, bytes | None]
    trusted_until = 0.0

    def get(self, client, keys: list[str]) -> list[bytes | None]:
        try:
            if self.client is not client:
                self.open(client)
            try:
                self.take_news()
            except RedisConnectionError:
                # Closed while idle (Redis restarted, or closes idle clients):
                # what is held can no longer be trusted. Start again.
                self.open(client)
            missing = [key for key in keys if key not in self.values]
            if missing:
                self.values.update(zip(missing, self.mget(missing), strict=True))
            return [self.values[key] for key in keys]
        except (RedisError, OSError):
            self.close()
            raise

    def open(self, client) -> None:
        self.close()
        self.news = _connection(client)
        self.reads = _connection(client)
        news_id = redis_calls.call(self.news, "CLIENT", "ID")
        redis_calls.call(self.news, "SUBSCRIBE", INVALIDATIONS)
        redis_calls.call(self.reads, "CLIENT", "TRACKING", "ON", "REDIRECT", news_id)
        self.client, self.values = client, {}
        self.trusted_until = time.monotonic() + TRUST_SECONDS

    def take_news(self) -> None:
        # Nothing is ever due on `reads` between commands: readable means
        # closed (can_read raises), and with it Redis forgot what it tracked.
        if self.reads.can_read(timeout=0):
            raise RedisConnectionError("Unexpected data on the token connection")
        while self.news.can_read(timeout=0):
            # ["message", channel, the keys that changed, or None: all of them]
            kind, _, changed = self.news.read_response()
            if kind != b"message" or changed is None:
                self.values.clear()
            else:
                self.forget(key.decode() for key in changed)
        if time.monotonic() >= self.trusted_until:
            self.values.clear()
            self.trusted_until = time.monotonic() + TRUST_SECONDS

    def mget(self, keys: list[str]) -> list[bytes | None]:
        return redis_calls.call(self.reads, "MGET", *keys)

    def forget(self, keys) -> None:
        if self.client is not None:
            for key in keys:
                self.values.pop(key, None)

    def close(self) -> None:
        for connection in (self.reads, self.news):
            if connection is not None:
                connection.disconnect()
        self.client = self.reads = self.news = None
        self.values = {}


_tokens = _Tokens()


def read(keys: list[str]) -> dict[str, str] | None:
    """The values of those of `keys` that exist, or None if the cache failed."""
    cache = _cache()
    redis = _redis(cache)
    if redis is None:
        return cache.get_many(keys)
    if not cache_health.answering():
        return None
    try:
        values = _tokens.get(redis, [cache.make_key(key) for key in keys])
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
    redis_key = cache.make_key(key)
    # This thread sees its own write at once, news or not.
    _tokens.forget([redis_key])
    try:
        redis.set(redis_key, value, nx=True)
        found = redis.get(redis_key)
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
    redis_keys = {cache.make_key(key): value for key, value in values.items()}
    _tokens.forget(redis_keys)
    try:
        with redis.pipeline(transaction=False) as pipeline:
            for key, value in redis_keys.items():
                pipeline.set(key, value, ex=timeout)
            pipeline.execute()
    except (RedisError, OSError):
        logger.exception("Could not write page cache tokens %s", list(values))
