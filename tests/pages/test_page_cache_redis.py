"""The page cache on Redis, as production runs it: tokens as plain strings,
read over each thread's own connection, and what happens when Redis fails."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from pages import redis_calls
from pages.cache import store, tokens
from pages.visitors import cache_health
from tests.factories.pages import (
    ArticlePageFactory,
    TermFactory,
    reviewed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def article(hub):
    return reviewed(ArticlePageFactory(parent=hub, title="Fatigue", slug="fatigue"))


def test_a_hit_reads_plain_tokens_from_redis_and_makes_no_queries(
    redis_up, client, article
):
    first = client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.url)

    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert len(queries) == 0
    assert second.content == first.content
    epoch = redis_up.get(caches["pages"].make_key(store.EPOCH_KEY))
    assert epoch.decode() == store.epoch()


def test_a_purge_by_another_process_reaches_this_one_at_once(redis_up, client, article):
    client.get(article.url)
    assert client.get(article.url)["X-Cache"] == "HIT"

    # What another worker's purge leaves in Redis: a new version for the path.
    digest = store._digest(article.url)
    key = caches["pages"].make_key(store._version_key(digest))
    redis_up.set(key, "replaced-by-another-worker")

    assert client.get(article.url)["X-Cache"] == "MISS"
    assert client.get(article.url)["X-Cache"] == "HIT"


def test_publishing_an_edit_reaches_the_next_visitor_and_the_hub(
    redis_up, client, hub, article, publish
):
    for page in (article, hub):
        client.get(page.url)
        assert client.get(page.url)["X-Cache"] == "HIT"

    article.title = "Fatigue and MS"
    publish(article)

    assert b"Fatigue and MS" in client.get(article.url).content
    assert b"Fatigue and MS" in client.get(hub.url).content


def test_a_snippet_change_reaches_every_page(
    redis_up, client, hub, article, django_capture_on_commit_callbacks
):
    for page in (article, hub):
        client.get(page.url)
        assert client.get(page.url)["X-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        TermFactory(term="Relapse")

    assert client.get(article.url)["X-Cache"] == "MISS"
    assert client.get(hub.url)["X-Cache"] == "MISS"


def test_a_purge_during_a_render_is_not_undone_by_it(redis_up, client, article, rf):
    request = rf.get(article.url)
    found = store.lookup(request)

    store.purge_paths([article.url])
    store.save(request, found, "", store.Entry.from_response(client.get("/robots.txt")))

    assert store.lookup(rf.get(article.url)).entry is None


def test_with_redis_down_pages_are_served_and_nothing_is_kept(
    redis_down, client, article
):
    first = client.get(article.url)
    second = client.get(article.url)

    assert first.status_code == second.status_code == 200
    assert "X-Cache" not in second
    assert "public" in second["Cache-Control"]  # proxies in front may still keep it


def test_after_a_failure_redis_is_left_alone_then_tried_again(
    redis_up, client, article, monkeypatch
):
    calls = []

    def failing(keys):
        calls.append(keys)
        raise RedisConnectionError("hanging")

    monkeypatch.setattr(tokens._tokens, "mget", failing)
    assert client.get(article.url).status_code == 200
    assert client.get(article.url).status_code == 200
    assert len(calls) == 1  # the second request did not wait on Redis

    monkeypatch.undo()
    cache_health.down_until = 0.0  # the retry interval has passed
    assert client.get(article.url)["X-Cache"] == "MISS"
    assert client.get(article.url)["X-Cache"] == "HIT"


def test_a_purge_is_written_even_while_reads_are_skipped(redis_up, article, rf):
    before = store.lookup(rf.get(article.url)).version
    cache_health.failed("a test")

    store.purge_paths([article.url])

    cache_health.down_until = 0.0
    assert store.lookup(rf.get(article.url)).version != before


@pytest.fixture
def token_reads(monkeypatch):
    """The keys each read of tokens from Redis asked for."""
    asked = []
    real = tokens._tokens.mget

    def mget(keys):
        asked.append(keys)
        return real(keys)

    monkeypatch.setattr(tokens._tokens, "mget", mget)
    return asked


def _purge_by_another_process(redis, article):
    key = caches["pages"].make_key(store._version_key(store._digest(article.url)))
    redis.set(key, "replaced-by-another-worker")


def test_a_hit_asks_redis_nothing_once_its_tokens_are_held(
    redis_up, client, article, token_reads
):
    client.get(article.url)
    client.get(article.url)
    token_reads.clear()

    assert client.get(article.url)["X-Cache"] == "HIT"
    assert token_reads == []

    _purge_by_another_process(redis_up, article)
    assert client.get(article.url)["X-Cache"] == "MISS"
    assert token_reads  # the purged version was read again


@pytest.mark.parametrize("lost", ["reads", "news"])
def test_held_tokens_are_dropped_when_a_token_connection_closes(
    redis_up, client, article, lost
):
    client.get(article.url)
    assert client.get(article.url)["X-Cache"] == "HIT"

    host, port = getattr(tokens._tokens, lost)._sock.getsockname()
    redis_up.client_kill(f"{host}:{port}")
    # Its tracking is gone with it, so Redis would not tell of this purge.
    _purge_by_another_process(redis_up, article)

    assert client.get(article.url)["X-Cache"] == "MISS"
    assert client.get(article.url)["X-Cache"] == "HIT"


def test_held_tokens_are_read_again_after_a_while_even_without_news(
    redis_up, client, article
):
    client.get(article.url)
    assert client.get(article.url)["X-Cache"] == "HIT"
    # News lost without either end noticing: Redis stops telling of changes.
    redis_calls.call(tokens._tokens.reads, "CLIENT", "TRACKING", "OFF")
    _purge_by_another_process(redis_up, article)
    assert client.get(article.url)["X-Cache"] == "HIT"

    tokens._tokens.trusted_until = 0.0  # TRUST_SECONDS have passed

    assert client.get(article.url)["X-Cache"] == "MISS"
