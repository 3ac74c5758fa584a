"""What a bench run measures: a row per URL and server.

A row names its server (a base URL, see servers.py), the target path it loads
(site.paths), its connection count when it is not the run's, a wrk script for
requests that must differ each time, and how to count one request's queries.
To measure through another server, add a Server and rows naming it.
"""

from dataclasses import dataclass

# How a row's steady-state query count is found (site.py); None: not counted.
CACHED, UNCACHED, CLICK, WEBHOOK = "cached", "uncached", "click", "webhook"


@dataclass(frozen=True)
class Row:
    key: str
    server: str
    target: str
    connections: int | None = None  # None: the run's --connections
    script: str | None = None
    queries: str | None = None
    method: str = "GET"


ROWS = [
    Row("static_css", "app", "static_css"),
    Row("home:cached", "app", "home", queries=CACHED),
    Row("home:uncached", "uncached", "home", queries=UNCACHED),
    Row("article:cached", "app", "article", queries=CACHED),
    Row("article:uncached", "uncached", "article", queries=UNCACHED),
    Row("topic_hub:cached", "app", "topic_hub", queries=CACHED),
    Row("topic_hub:uncached", "uncached", "topic_hub", queries=UNCACHED),
    Row(
        "research_hub_filtered:uncached",
        "uncached",
        "research_hub_filtered",
        queries=UNCACHED,
    ),
    Row("search:uncached", "uncached", "search", queries=UNCACHED),
    Row("donate_page:cached", "app", "donate_page", queries=CACHED),
    Row(
        "donate_click", "app", "donate_click", script="donate_click.lua", queries=CLICK
    ),
    Row(
        "donation_webhook",
        "app",
        "donation_webhook",
        script="webhook.lua",
        queries=WEBHOOK,
        method="POST",
    ),
    # Through a page cache in front of the site, when one runs (BENCH_VARNISH_URL).
    Row("home:varnish", "varnish", "home"),
    Row("article:varnish", "varnish", "article"),
    # One connection: the latency targets, and the article before and after.
    Row("article:uncached:1conn", "uncached", "article", 1, queries=UNCACHED),
    Row(
        "research_hub_filtered:uncached:1conn",
        "uncached",
        "research_hub_filtered",
        1,
        queries=UNCACHED,
    ),
    Row("search:uncached:1conn", "uncached", "search", 1, queries=UNCACHED),
    Row("article:before:1conn", "before", "article", 1),
    # The static file again: how far the machine drifted during the run (the
    # shares are of the first).
    Row("static_css:end", "app", "static_css"),
]
