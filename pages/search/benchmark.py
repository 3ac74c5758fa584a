"""Time the search page over many articles: bulk-made pages, real requests."""

import random
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from wagtail.search.backends import get_search_backend

from ..bulk import add_pages
from ..models import ArticlePage, TopicIndexPage

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


def time_searches(queries: list[str] = QUERIES, runs: int = 5) -> list[dict]:
    """Median and worst time, and query count, of the search page per query."""
    client = Client()
    rows = []
    with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False):
        for query in queries:
            timings, count, status = [], 0, 0
            for _ in range(runs):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get("/search/", {"q": query})
                    timings.append((time.perf_counter() - started) * 1000)
                count, status = len(captured.captured_queries), response.status_code
            rows.append(
                {
                    "query": query,
                    "median_ms": statistics.median(timings),
                    "worst_ms": max(timings),
                    "queries": count,
                    "status": status,
                }
            )
    return rows
