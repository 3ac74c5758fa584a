"""The bench site's content: the demo content, then bulk content at appeal
scale, each part made once (a second run finds it and skips it).

Reuses the generators the other benchmarks use: `pages.bulk.add_pages` and
`create_articles` (benchmark_search) for pages, and the donate clicks report's
generator (benchmark_donation_report) for a year of clicks, impressions and
gifts, spread over the bulk articles.
"""

import time
from collections.abc import Callable
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q

from wagtail.search.backends import get_search_backend

from donations.insights.benchmark import Scale, generate_for_pages, vacuum_analyze
from pages.bulk import add_pages
from pages.models import ArticlePage, HomePage, TopicIndexPage
from pages.search.benchmark import create_articles
from research.choices import Phase, Status
from research.models import ResearchIndexPage, ResearchProjectPage, ResearchTheme

HUBS = 20
ARTICLES = 10_000
PROJECTS = 500
HUB_TITLE = "Benchmark topic"
PROJECT_TITLE = "Benchmark project"
# The report generator's user, made last: the donate activity is loaded.
REPORT_USER = "benchmark"

Write = Callable[[str], None]


def _timed(write: Write, label: str, function, *args, **kwargs):
    write(f"  {label}…")
    started = time.perf_counter()
    result = function(*args, **kwargs)
    write(f"  {label}: {time.perf_counter() - started:.0f} s")
    return result


def load(write: Write) -> None:
    """Migrate, load the demo content and the bulk content, skipping what exists."""
    _timed(write, "migrate", call_command, "migrate", "--no-input", verbosity=0)
    _timed(write, "demo content", call_command, "load_demo_content", verbosity=0)
    if bulk_hubs().count() >= HUBS:
        write(f"  {ARTICLES:,} articles in {HUBS} hubs: already loaded")
    else:
        _timed(write, f"{ARTICLES:,} articles in {HUBS} hubs", add_articles)
    if bulk_projects().count() >= PROJECTS:
        write(f"  {PROJECTS} research projects: already loaded")
    else:
        _timed(write, f"{PROJECTS} research projects", add_projects)
    add_donation_activity(write)


def bulk_hubs():
    return TopicIndexPage.objects.filter(title__startswith=HUB_TITLE)


def bulk_projects():
    return ResearchProjectPage.objects.filter(title__startswith=PROJECT_TITLE)


@transaction.atomic
def add_articles() -> None:
    home = HomePage.objects.get()
    hubs = add_pages(
        home,
        TopicIndexPage,
        HUBS,
        title=lambda n: f"{HUB_TITLE} {n + 1}",
        summary="Bulk articles for make bench.",
    )
    get_search_backend().add_bulk(TopicIndexPage, hubs)
    for hub in hubs:
        create_articles(hub, ARTICLES // HUBS)


@transaction.atomic
def add_projects() -> None:
    hub = ResearchIndexPage.objects.get()
    themes = list(ResearchTheme.objects.order_by("pk")) or [None]
    statuses, phases = Status.values, [p for p in Phase.values if p != "none"]
    projects = add_pages(
        hub,
        ResearchProjectPage,
        PROJECTS,
        title=lambda n: f"{PROJECT_TITLE} {n + 1}",
        summary="A bulk research project for make bench.",
        status=lambda n: statuses[n % len(statuses)],
        phase=lambda n: phases[n % len(phases)],
        ms_relapsing=lambda n: n % 2 == 0,
        ms_primary_progressive=lambda n: n % 3 == 0,
        funded_by_us=lambda n: n % 4 == 0,
        theme=lambda n: themes[n % len(themes)],
        start_year=lambda n: 2010 + n % 16,
    )
    get_search_backend().add_bulk(ResearchProjectPage, projects)


def add_donation_activity(write: Write) -> None:
    """A year of a busy appeal (1,000,000 clicks, 20,000,000 impressions,
    100,000 gifts) over the bulk articles, rolled up: the report's benchmark
    scale, in the bench site's own database."""
    scale = Scale(pages=ARTICLES)
    label = f"{scale.clicks:,} donate clicks, {scale.impressions:,} impressions"
    if get_user_model().objects.filter(username=REPORT_USER).exists():
        write(f"  {label}: already loaded")
        return
    # The generator spreads activity over pages with consecutive ids.
    ids = sorted(bulk_article_ids())
    if ids != list(range(ids[0], ids[0] + ARTICLES)):
        raise RuntimeError("The bulk articles' ids are not consecutive.")
    write(f"  {label} (minutes)…")
    # One transaction: a run stopped half-way leaves nothing to trip the next.
    with transaction.atomic():
        generate_for_pages(scale, ids[0], lambda line: write(f"  {line.strip()}"))
    _timed(write, "VACUUM ANALYZE", vacuum_analyze)


def bulk_article_ids() -> list[int]:
    below_hubs = reduce(or_, (Q(path__startswith=hub.path) for hub in bulk_hubs()))
    return list(ArticlePage.objects.filter(below_hubs).values_list("pk", flat=True))
