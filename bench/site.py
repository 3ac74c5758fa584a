"""What the bench asks the site for, and what one request costs, found
in-process with Django's test client against the bench database (the same
database and Redis as the servers)."""

import re
from dataclasses import dataclass

from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from donations.links import ClickLink
from donations.models import DonatePage
from pages.models import ArticlePage
from research.models import ResearchIndexPage

from .data import bulk_hubs
from .environment import BROWSER_HEADERS, PROXY_HEADERS

# The demo article with the most on it: glossary terms, sources, research
# cards, a donate prompt in its body with an A/B test, and the default at its
# foot. It exists on the "before" commit too.
ARTICLE_SLUG = "immune-system-and-ms"
# The first of benchmark_search's queries: a word most MS articles use.
SEARCH_QUERY = "myelin"
RESEARCH_FILTERS = "status=recruiting&ms_type=relapsing"
STRIPE_WEBHOOK_PATH = "/donations/webhooks/stripe/"
DONATE_LINK = re.compile(r'href="(/donations/go/[^/"]+/)"')


class BenchSetupError(RuntimeError):
    pass


def client() -> Client:
    """A browser behind the proxy, taking its pages uncompressed."""
    return Client(
        headers={**PROXY_HEADERS, "User-Agent": BROWSER_HEADERS["User-Agent"]}
    )


def article() -> ArticlePage:
    return ArticlePage.objects.live().get(slug=ARTICLE_SLUG)


def paths() -> dict[str, str]:
    """Each target's path on the bench site."""
    research = ResearchIndexPage.objects.live().get()
    return {
        "static_css": staticfiles_storage.url("css/main.css"),
        "home": "/",
        "article": article().url,
        "topic_hub": bulk_hubs().order_by("path").first().url,
        "research_hub_filtered": f"{research.url}?{RESEARCH_FILTERS}",
        "search": f"/search/?q={SEARCH_QUERY}",
        "donate_page": DonatePage.objects.live().get().url,
        "donate_click": donate_link(article().url),
        "donation_webhook": STRIPE_WEBHOOK_PATH,
    }


def donate_link(page_path: str) -> str:
    """The first donate button's signed link on a page, as visitors get it."""
    with override_settings(PAGE_CACHE_ENABLED=False):
        response = client().get(page_path)
    found = DONATE_LINK.search(response.content.decode())
    if response.status_code != 200 or not found:
        raise BenchSetupError(f"No donate link on {page_path}.")
    link = found.group(1)
    ClickLink.from_token(link.split("/")[-2])  # BadLink if it is not signed
    return link


@dataclass(frozen=True)
class Cost:
    queries: int
    status: int
    cache: str  # the X-Cache header, "" if none


def cost(path: str, cached: bool, method: str = "get", **kwargs) -> Cost:
    """One steady-state request: made once to warm up, then counted."""
    browser = client()
    with override_settings(PAGE_CACHE_ENABLED=cached):
        getattr(browser, method)(path, **kwargs)
        with CaptureQueriesContext(connection) as captured:
            response = getattr(browser, method)(path, **kwargs)
    return Cost(
        len(captured.captured_queries),
        response.status_code,
        response.get("X-Cache", ""),
    )


def webhook_cost(post_signed) -> Cost:
    """One new signed webhook (the first warms up)."""
    browser = client()
    post_signed(browser)
    with CaptureQueriesContext(connection) as captured:
        response = post_signed(browser)
    return Cost(len(captured.captured_queries), response.status_code, "")
