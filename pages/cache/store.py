"""Cache entries, their keys, and purges.

Every key of a page's entries carries two random tokens: the cache's epoch,
which "clear everything" replaces, and the path's version, which purging
that path replaces. A purge therefore costs one write, leaves nothing that a
later lookup could find, and a page that was rendering while it happened is
stored under the old tokens, where nobody looks. An entry is fresh for
`PAGE_CACHE_TIMEOUT` and kept (stale) for `PAGE_CACHE_STALE_IF_ERROR`, to be
served only when a fresh render fails, for example while the database is down.

Each process also keeps the entries it used last in memory, under the same
keys: a hit then needs only the tokens (which tokens.py holds, kept current by
Redis), not a round trip for the page, and a purge still reaches every
process, since it changes the key the process would look under.
"""

import gzip
import hashlib
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from . import tokens
from .queries import normalised_query

# Tokens are plain strings (tokens.py), under names of their own: older
# releases kept pickles under "pagecache:epoch" and "pagecache:version:…".
EPOCH_KEY = "pagecache:epoch-token"
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


def _version_key(digest: str) -> str:
    return f"pagecache:version-token:{digest}"


def _record_key(digest: str) -> str:
    return f"pagecache:page-record:{digest}"


def _current(values: dict | None, key: str) -> str:
    """A token, made on first use; add() keeps two processes from disagreeing.
    With the cache down, a fresh one each time: nothing cached is found."""
    if values is None:
        return _token()
    return values.get(key) or tokens.add(key, _token()) or _token()


def version(path: str) -> str:
    """The path's version, which a purge of the path replaces: fragments of a
    page that shows others carry it, to be rebuilt when the page would be."""
    key = _version_key(_digest(path))
    return _current(tokens.read([key]), key)


def path_tokens(path: str) -> tuple[str, str]:
    """The epoch and the path's version, in one read."""
    version_key = _version_key(_digest(path))
    values = tokens.read([EPOCH_KEY, version_key])
    return _current(values, EPOCH_KEY), _current(values, version_key)


def epoch() -> str:
    return _current(tokens.read([EPOCH_KEY]), EPOCH_KEY)


def clear_all() -> None:
    tokens.write({EPOCH_KEY: _token()})


def purge_paths(paths) -> None:
    tokens.write({_version_key(_digest(path)): _token() for path in paths})


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

    @cached_property
    def _deliveries(self) -> dict[bool, tuple[bytes, list[tuple[str, str]]]]:
        """Body and headers, by whether they are compressed, made once per
        process: a hit then only adds X-Cache and Age."""
        return {}

    def __getstate__(self):
        # What is stored is the page, not this process's deliveries of it.
        return {k: v for k, v in self.__dict__.items() if k != "_deliveries"}

    def _delivery(self, compressed: bool) -> tuple[bytes, list[tuple[str, str]]]:
        if compressed not in self._deliveries:
            body = self.body
            if self.gzipped and not compressed:
                body = gzip.decompress(body)
            made = HttpResponse(status=self.status, headers=self.headers)
            made["Content-Length"] = str(len(body))
            if self.gzipped:
                patch_vary_headers(made, ["Accept-Encoding"])
            if compressed:
                made["Content-Encoding"] = "gzip"
            made["ETag"] = self.etag
            made["Last-Modified"] = http_date(self.created)
            self._deliveries[compressed] = (body, list(made.items()))
        return self._deliveries[compressed]

    def respond(self, request, state: str) -> HttpResponse:
        """This entry as a response to `request`: compressed if the client takes
        it, 304 if the client's copy is current."""
        # META, not request.headers: that builds a mapping of every header.
        accepts_gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        body, headers = self._delivery(self.gzipped and accepts_gzip)
        response = HttpResponse(
            b"" if request.method == "HEAD" else body,
            status=self.status,
            headers=headers,
        )
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


def lookup(request) -> Lookup | None:
    """The stored entry for this request, fresh or stale, if there is one;
    None when the cache cannot say what is current (it is down)."""
    digest = _digest(request.path)
    version_key, record_key = _version_key(digest), _record_key(digest)
    values = tokens.read([EPOCH_KEY, version_key, record_key])
    if values is None:
        return None
    epoch_token = _current(values, EPOCH_KEY)
    version = _current(values, version_key)
    # The tokens the page was stored under, and the query parameters it read.
    record = values.get(record_key, "").split(" ", 2)
    if record[:2] != [epoch_token, version]:
        return Lookup(epoch_token, version, None, None)
    significant = record[2]
    key = _entry_key(request, epoch_token, version, significant)
    entry = _local.get(key)
    if entry is None or not entry.is_fresh:
        # Another process may have stored a fresh copy since.
        entry = _cache().get(key) or entry
        if entry is not None:
            _local.put(key, entry)
    return Lookup(epoch_token, version, significant, entry)


def save(request, found: Lookup, significant: str, entry: Entry) -> None:
    key = _entry_key(request, found.epoch, found.version, significant)
    _cache().set(key, entry, timeout=settings.PAGE_CACHE_STALE_IF_ERROR)
    if significant != found.significant:
        record = f"{found.epoch} {found.version} {significant}"
        tokens.write(
            {_record_key(_digest(request.path)): record},
            timeout=settings.PAGE_CACHE_STALE_IF_ERROR,
        )
    _local.put(key, entry)
