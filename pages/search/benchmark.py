"""Time the search page over many articles: bulk-made pages, real requests."""

import random
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from ..bulk import add_pages
from ..models import ArticlePage, TopicIndexPage
from . import result_cache

WORDS = (
    "myelin fatigue bladder walking balance vision relapse diet exercise sleep "
    "pain memory work family treatment nurse neurologist scan diagnosis stress "
    "heat numbness tingling spasticity mood driving benefits travel pregnancy"
).split()
QUERIES = [
    "myelin",
    "fatigue",
    "bladder problems",
    "Ocrevus",
    "xylophone",
    # Misspelt: the corrections run too.
    "mylein",
    "tolebrutnib",
]


def create_articles(parent: TopicIndexPage, count: int, batch: int = 1000) -> None:
    """Add `count` live articles under `parent` in bulk, and index them."""
    rng = random.Random(1)
    for start in range(0, count, batch):
        articles = add_pages(
            parent,
            ArticlePage,
            min(batch, count - start),
            title=lambda _: " ".join(rng.sample(WORDS, 4)).capitalize(),
            summary=lambda _: " ".join(rng.choices(WORDS, k=25)).capitalize() + ".",
        )
        get_search_backend().add_bulk(ArticlePage, articles)
    # Statistics for the new rows, as autovacuum gathers on a live site;
    # without them PostgreSQL plans the searches for nearly empty tables.
    if connection.vendor == "postgresql":
        tables = [Page, IndexEntry, ArticlePage]
        with connection.cursor() as cursor:
            for model in tables:
                cursor.execute(
                    f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}"
                )


def _time(client, query: str, runs: int, fresh: bool) -> tuple[list[float], int, int]:
    timings, count, status = [], 0, 0
    for _ in range(runs):
        if fresh:
            result_cache.forget()  # as a publish does
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
        count, status = len(captured.captured_queries), response.status_code
    return timings, count, status


def time_searches(queries: list[str] = QUERIES, runs: int = 5) -> list[dict]:
    """Per query: median and worst time, and query count, of the search page
    asked afresh (after a publish) and asked again (results kept)."""
    client = Client()
    rows = []
    with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False):
        for query in queries:
            fresh, fresh_count, status = _time(client, query, runs, fresh=True)
            kept, kept_count, _ = _time(client, query, runs, fresh=False)
            rows.append(
                {
                    "query": query,
                    "fresh_median_ms": statistics.median(fresh),
                    "fresh_worst_ms": max(fresh),
                    "fresh_queries": fresh_count,
                    "kept_median_ms": statistics.median(kept),
                    "kept_worst_ms": max(kept),
                    "kept_queries": kept_count,
                    "status": status,
                }
            )
    return rows
