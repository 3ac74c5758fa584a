"""Cache entries, their keys, and purges.

Every key of a page's entries carries two random tokens: the cache's epoch,
which "clear everything" replaces, and the path's version, which purging
that path replaces. A purge therefore costs one write, leaves nothing that a
later lookup could find, and a page that was rendering while it happened is
stored under the old tokens, where nobody looks. An entry is fresh for
`PAGE_CACHE_TIMEOUT` and kept (stale) for `PAGE_CACHE_STALE_IF_ERROR`, to be
served only when a fresh render fails, for example while the database is down.

Each process also keeps the entries it used last in memory, under the same
keys: a hit then costs one small read of the tokens, not a second round trip
for the page, and a purge still reaches every process, since it changes the
key the process would look under.
"""

import gzip
import hashlib
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from .queries import normalised_query

EPOCH_KEY = "pagecache:epoch"
# Headers that belong to one delivery, not to the stored page.
UNSTORED_HEADERS = {
    "content-length",
    "content-encoding",
    "set-cookie",
    "x-cache",
    "age",
}
COMPRESSIBLE_TYPES = (
    "text/html",
    "text/plain",
    "text/xml",
    "application/xml",
    "application/json",
)
MIN_COMPRESSED_LENGTH = 200
# Entries kept in each process: pages are about 10 to 30 KB compressed, so a
# few megabytes, enough for the pages an appeal sends everyone to.
LOCAL_ENTRIES = 256


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _token() -> str:
    return uuid.uuid4().hex


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _version_key(path: str) -> str:
    return f"pagecache:version:{_digest(path)}"


def _record_key(path: str) -> str:
    return f"pagecache:record:{_digest(path)}"


def _current(values: dict, key: str) -> str:
    """A token, made on first use; add() keeps two processes from disagreeing."""
    token = values.get(key)
    if token:
        return token
    cache = _cache()
    cache.add(key, _token(), timeout=None)
    # With the cache down, a fresh token each time: every lookup misses.
    return cache.get(key) or _token()


def version(path: str) -> str:
    """The path's version, which a purge of the path replaces: fragments of a
    page that shows others carry it, to be rebuilt when the page would be."""
    key = _version_key(path)
    return _current(_cache().get_many([key]), key)


def tokens(path: str) -> tuple[str, str]:
    """The epoch and the path's version, in one read."""
    version_key = _version_key(path)
    values = _cache().get_many([EPOCH_KEY, version_key])
    return _current(values, EPOCH_KEY), _current(values, version_key)


def epoch() -> str:
    return _current(_cache().get_many([EPOCH_KEY]), EPOCH_KEY)


def clear_all() -> None:
    _cache().set(EPOCH_KEY, _token(), timeout=None)


def purge_paths(paths) -> None:
    _cache().set_many({_version_key(path): _token() for path in paths}, timeout=None)


@dataclass
class Entry:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    gzipped: bool
    etag: str
    created: float

    @classmethod
    def from_response(cls, response: HttpResponse) -> "Entry":
        body = response.content
        content_type = response.get("Content-Type", "")
        gzipped = len(body) >= MIN_COMPRESSED_LENGTH and content_type.startswith(
            COMPRESSIBLE_TYPES
        )
        return cls(
            status=response.status_code,
            headers=[
                (name, value)
                for name, value in response.items()
                if name.lower() not in UNSTORED_HEADERS
            ],
            body=gzip.compress(body, compresslevel=6, mtime=0) if gzipped else body,
            gzipped=gzipped,
            etag=f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"',
            created=time.time(),
        )

    @property
    def age(self) -> int:
        return max(0, int(time.time() - self.created))

    @property
    def is_fresh(self) -> bool:
        return self.age < settings.PAGE_CACHE_TIMEOUT

    def respond(self, request, state: str) -> HttpResponse:
        """This entry as a response to `request`: compressed if the client takes
        it, 304 if the client's copy is current."""
        # META, not request.headers: that builds a mapping of every header.
        accepts_gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        if self.gzipped and not accepts_gzip:
            body = gzip.decompress(self.body)
        else:
            body = self.body
        response = HttpResponse(
            b"" if request.method == "HEAD" else body, status=self.status
        )
        for name, value in self.headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        if self.gzipped:
            patch_vary_headers(response, ["Accept-Encoding"])
            if accepts_gzip:
                response["Content-Encoding"] = "gzip"
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.created)
        response["X-Cache"] = state
        if state != "MISS":
            response["Age"] = str(self.age)
        return get_conditional_response(
            request, etag=self.etag, last_modified=int(self.created), response=response
        )


@dataclass(frozen=True)
class Lookup:
    """What a lookup saw: a later store must use the same tokens."""

    epoch: str
    version: str
    significant: str | None
    entry: Entry | None


def _entry_key(request, epoch_token: str, version: str, significant: str) -> str:
    query = normalised_query(request.GET, significant)
    where = f"{request.get_host()}{request.path}?{query}"
    return f"pagecache:entry:{epoch_token}:{version}:{_digest(where)}"


class _LocalEntries:
    """The last entries this process used, by key (least recently used goes)."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[str, Entry] = OrderedDict()

    def get(self, key: str) -> Entry | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, key: str, entry: Entry) -> None:
        self.entries[key] = entry
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


_local = _LocalEntries(LOCAL_ENTRIES)


def lookup(request) -> Lookup:
    """The stored entry for this request, fresh or stale, if there is one."""
    cache = _cache()
    version_key, record_key = _version_key(request.path), _record_key(request.path)
    values = cache.get_many([EPOCH_KEY, version_key, record_key])
    epoch_token = _current(values, EPOCH_KEY)
    version = _current(values, version_key)
    record = values.get(record_key)
    if not record or tuple(record[:2]) != (epoch_token, version):
        return Lookup(epoch_token, version, None, None)
    significant = record[2]
    key = _entry_key(request, epoch_token, version, significant)
    entry = _local.get(key)
    if entry is None or not entry.is_fresh:
        # Another process may have stored a fresh copy since.
        entry = cache.get(key) or entry
        if entry is not None:
            _local.put(key, entry)
    return Lookup(epoch_token, version, significant, entry)


def save(request, found: Lookup, significant: str, entry: Entry) -> None:
    key = _entry_key(request, found.epoch, found.version, significant)
    items = {key: entry}
    if significant != found.significant:
        items[_record_key(request.path)] = (found.epoch, found.version, significant)
    _cache().set_many(items, timeout=settings.PAGE_CACHE_STALE_IF_ERROR)
    _local.put(key, entry)
