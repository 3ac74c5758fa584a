"""`make bench`: prepare the site, start the servers, drive each row with wrk,
check the donate-click queue, time the report, print and write the results.

Every server it starts is stopped when the run ends, however it ends.
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from . import results as results_module
from . import wrk
from .database import ensure_database, with_name
from .environment import (
    BROWSER_HEADERS,
    DEFAULT_DATABASE_URL,
    DEFAULT_REDIS_URL,
    PROXY_HEADERS,
    ROOT,
    redis_answers,
    server_environment,
)
from .rows import CACHED, CLICK, ROWS, UNCACHED, WEBHOOK, Row
from .servers import Server, answers, gunicorn

PORTS = {"app": 8710, "uncached": 8711, "before": 8712}
RESULTS_FILE = ROOT / "bench" / "results.json"
LOG = ROOT / "var" / "bench-gunicorn.log"
EVENTS_FILE = ROOT / "var" / "bench-webhooks.txt"
PYTHON = Path(sys.executable)
WARM_UP_SECONDS = 3
# Each webhook row event is sent once: more than the endpoint can take in
# the run (they are made in seconds).
WEBHOOKS_PER_SECOND = 600


def say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def arguments(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--before", default="", help="Also measure the article at this commit."
    )
    parser.add_argument(
        "--only", default="", help="Comma-separated row keys (default: all)."
    )
    return parser.parse_args(argv)


def commit() -> str:
    found = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return found.stdout.strip() or "unknown"


def _stop_on_terminate(number, frame):
    raise SystemExit(128 + number)


def main(argv=None) -> int:
    options = arguments(argv)
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    say(f"make bench: database {database_url}")
    if redis_answers(redis_url):
        say(f"  Redis {redis_url}: answers (page cache, click queue)")
    else:
        say(f"  Redis {redis_url}: no answer; each worker caches in its own memory")
        redis_url = None
    if ensure_database(database_url):
        say("  created the database")
    os.environ.update(server_environment(database_url, redis_url))

    import django

    django.setup()
    from django.core.management import call_command

    from . import data, site

    say("Preparing the site (a second run skips what exists)…")
    data.load(say)
    call_command("collectstatic", "--no-input", verbosity=0)
    paths = site.paths()

    with ExitStack() as stack:
        say("Starting gunicorn (2 sync workers each, production settings)…")
        servers = {
            "app": stack.enter_context(
                _gunicorn("app", "page cache on", database_url, redis_url, True)
            ),
            "uncached": stack.enter_context(
                _gunicorn("uncached", "page cache off", database_url, redis_url, False)
            ),
        }
        skipped = {}
        before_commit = None
        if options.before:
            from .before import before_server

            say(f"Preparing the site at {options.before}…")
            before_url = with_name(
                database_url, _database_name(database_url) + "_before"
            )
            server, before_commit = stack.enter_context(
                before_server(
                    options.before, before_url, PORTS["before"], PYTHON, LOG, say
                )
            )
            servers["before"] = server
        else:
            skipped["article:before:1conn"] = "no BEFORE=<commit> given"
        varnish = os.environ.get("BENCH_VARNISH_URL", "")
        if varnish and answers(varnish):
            servers["varnish"] = Server("varnish", varnish.rstrip("/"), "Varnish")
        for name in ("home:varnish", "article:varnish"):
            if "varnish" not in servers:
                skipped[name] = (
                    f"nothing answers at BENCH_VARNISH_URL={varnish}"
                    if varnish
                    else "BENCH_VARNISH_URL not set"
                )
        for name, server in servers.items():
            say(f"  {name}: {server.base_url} ({server.description})")

        from pages.cache import store

        store.clear_all()  # cached rows start from an empty page cache
        measured, clicks = {}, {}
        chosen = {key for key in options.only.split(",") if key}
        rows = [row for row in ROWS if not chosen or row.key in chosen]
        say(f"Measuring {len(rows)} rows, {options.seconds} s each…")
        for row in rows:
            if row.key in skipped or row.server not in servers:
                skipped.setdefault(row.key, f"server {row.server} not running")
                say(f"  {row.key}: skipped ({skipped[row.key]})")
                continue
            measured[row.key] = measure(
                row, servers[row.server], paths[row.target], options, clicks
            )
        if not chosen or "donation_report" in chosen:
            say("Timing the fundraising report (in-process, 5 runs)…")
            measured["donation_report"] = time_report()
            report = measured["donation_report"]
            say(f"  donation_report: median {report['p50_ms']:.0f} ms")

    meta = {
        "commit": commit(),
        "started": started,
        "cpus": os.cpu_count(),
        "connections": options.connections,
        "seconds": options.seconds,
        "redis": bool(redis_url),
        "before_commit": before_commit,
        "donate_clicks": clicks or None,
        "skipped": skipped,
    }
    document = results_module.write(RESULTS_FILE, meta, measured)
    say()
    say(results_module.table(measured))
    say()
    say(results_module.targets_table(document["meta"]["targets"]))
    if clicks:
        say()
        say(
            f"Donate clicks: {clicks['sent']:,} answered to wrk, {_queued(clicks)}, "
            f"{clicks['stored']:,} stored, {clicks['refused']} refused by "
            f"the rate limit, {clicks['lost']} lost."
        )
    for key, note in skipped.items():
        say(f"Skipped {key}: {note}")
    say(f"Wrote {RESULTS_FILE.relative_to(ROOT)}")
    failures = [key for key, result in measured.items() if result["errors"]]
    if failures:
        say(f"FAILED: errors in {', '.join(failures)}")
    if clicks.get("lost"):
        say("FAILED: donate clicks were lost")
    return 1 if failures or clicks.get("lost") else 0


def _queued(clicks: dict) -> str:
    if clicks["queued"] is None:
        return "none queued (no Redis: each stored in its request)"
    return f"{clicks['queued']:,} queued"


def _database_name(url: str) -> str:
    return url.rpartition("/")[2]


def _gunicorn(name, description, database_url, redis_url, page_cache):
    environment = server_environment(database_url, redis_url, page_cache)
    return gunicorn(name, PORTS[name], environment, ROOT, PYTHON, description, LOG)


def drive(row: Row, url: str, connections: int, seconds: int) -> wrk.Figures:
    """One wrk run of a row: new visitors, or new webhook events, each time."""
    script_args = []
    if row.queries == CLICK:
        script_args = [str(random.randrange(2**24))]
    if row.queries == WEBHOOK:
        from .webhooks import write_events

        write_events(EVENTS_FILE, WEBHOOKS_PER_SECOND * seconds)
        script_args = [str(EVENTS_FILE)]
    try:
        return wrk.run(
            url,
            connections,
            seconds,
            {**PROXY_HEADERS, **BROWSER_HEADERS},
            row.script,
            script_args,
            cpus=os.cpu_count() or 2,
        )
    finally:
        EVENTS_FILE.unlink(missing_ok=True)


def measure(row: Row, server: Server, path: str, options, clicks: dict) -> dict:
    from . import site

    connections = row.connections or options.connections
    say(f"  {row.key}: {connections} connections, {server.base_url}{path[:60]}…")
    queries = None
    if row.queries in (CACHED, UNCACHED):
        cost = site.cost(path, cached=row.queries == CACHED)
        queries = cost.queries
    elif row.queries == CLICK:
        queries = site.cost(path, cached=True).queries
    elif row.queries == WEBHOOK:
        from .webhooks import post_new_event

        queries = site.webhook_cost(post_new_event).queries
    url = server.base_url + path
    if row.queries == CLICK:
        from . import clicks as click_check

        newest_before = click_check.newest()
    # A worker's first requests load templates and code: not measured.
    drive(row, url, connections, WARM_UP_SECONDS)
    if row.queries == CLICK:
        baseline = click_check.baseline()
    figures = drive(row, url, connections, options.seconds)
    errors = figures.errors + figures.exhausted
    if figures.exhausted:
        say(f"    ran out of fresh events: {figures.exhausted} sent again")
    if row.queries == CLICK:
        started = time.perf_counter()
        clicks.update(click_check.check(baseline, figures.requests))
        took = time.perf_counter() - started
        removed = click_check.remove_after(newest_before)
        say(
            f"    {_queued(clicks)}, {clicks['stored']:,} stored "
            f"by replay_donation_clicks in {took:.0f} s, {clicks['lost']} lost; "
            f"{removed:,} removed again"
        )
    say(
        f"    {figures.rps:,.0f} req/s, median {figures.p50_ms:.1f} ms, "
        f"p99 {figures.p99_ms:.1f} ms, {errors} errors, queries {queries}"
    )
    return results_module.row(
        path,
        round(figures.rps, 1),
        round(figures.p50_ms, 2),
        round(figures.p99_ms, 2),
        errors,
        queries,
        connections,
    )


def time_report() -> dict:
    """The fundraising report over a year of the generated appeal, timed as
    benchmark_donation_report times it (full response, after a warm-up)."""
    from datetime import timedelta
    from urllib.parse import urlencode

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from donations.insights.benchmark import time_view

    from .data import REPORT_USER

    user = get_user_model().objects.get(username=REPORT_USER)
    today = timezone.localdate()
    query = {
        "period": "custom",
        "start": (today - timedelta(days=365)).isoformat(),
        "end": today.isoformat(),
    }
    time_view("warm-up", query, user, 1)
    timing = time_view("A year", query, user, 5)
    return results_module.row(
        "/admin/reports/donate-clicks/?" + urlencode(query),
        None,
        round(timing.median * 1000, 1),
        round(timing.worst * 1000, 1),
        0,
        timing.queries,
        None,
    )


if __name__ == "__main__":
    sys.exit(main())
