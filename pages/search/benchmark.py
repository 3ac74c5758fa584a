"""Time the search page over many articles: bulk-made pages, real requests."""

import random
import statistics
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from ..models import ArticlePage, TopicIndexPage

WORDS = (
    "myelin fatigue bladder walking balance vision relapse diet exercise sleep "
    "pain memory work family treatment nurse neurologist scan diagnosis stress "
    "heat numbness tingling spasticity mood driving benefits travel pregnancy"
).split()
QUERIES = ["myelin", "fatigue", "bladder problems", "Ocrevus", "xylophone"]


def create_articles(parent: TopicIndexPage, count: int, batch: int = 1000) -> None:
    """Add `count` live articles under `parent` in bulk, and index them."""
    rng = random.Random(1)
    content_type = ContentType.objects.get_for_model(ArticlePage)
    now = timezone.now()
    run = uuid.uuid4().hex[:8]
    articles = []
    for number in range(count):
        slug = f"bench-{run}-{number}"
        title = " ".join(rng.sample(WORDS, 4)).capitalize()
        articles.append(
            ArticlePage(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=ArticlePage._get_path(
                    parent.path, parent.depth + 1, parent.numchild + number + 1
                ),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                locale_id=parent.locale_id,
                translation_key=uuid.uuid4(),
                summary=" ".join(rng.choices(WORDS, k=25)).capitalize() + ".",
            )
        )
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    for start in range(0, count, batch):
        chunk = articles[start : start + batch]
        bases = Page.objects.bulk_create(
            [
                Page(**{f.attname: getattr(a, f.attname) for f in page_fields})
                for a in chunk
            ]
        )
        for article, base in zip(chunk, bases, strict=True):
            article.pk = article.page_ptr_id = base.pk
        # Django cannot bulk_create a multi-table child, so the article table
        # gets its rows through the same internal insert bulk_create uses.
        ArticlePage.objects.all()._batched_insert(
            chunk, ArticlePage._meta.local_concrete_fields, batch_size=batch
        )
        get_search_backend().add_bulk(ArticlePage, chunk)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)


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
