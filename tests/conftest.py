import io
import os
import shutil
import socket
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connections, transaction
from django.test import Client, TestCase

from wagtail.models import Page, Site

import pytest
import time_machine

from pages import visitors
from tests import (
    demo_snapshot,
    hostile,  # noqa: F401 (registers and loads the hypothesis profiles)
)
from tests.factories.pages import HomePageFactory
from tests.live_server import track_requests

# Playwright's sync API runs an event loop in the main thread; without this,
# ORM calls in tests that use `page` raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        metavar="ISO",
        help=(
            "Run every test with the clock started at this UK time, for example "
            "2026-12-31T14:00 (`make test-calendar` runs month and year ends)."
        ),
    )


@pytest.fixture(scope="session", autouse=True)
def _clock(request):
    start = request.config.getoption("--clock")
    if not start:
        yield
        return
    moment = datetime.fromisoformat(start).replace(tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=True):
        yield


# A Tuesday mid-morning (UK), three minutes into an hour and into a ten-minute
# rate-limit window: far from midnight and from the end of either.
STEADY_MOMENT = datetime(2026, 5, 12, 10, 3, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def steady_clock():
    """The clock stopped at STEADY_MOMENT, for tests whose steps must fall in
    one UK day (the visitor salt), hour (impressions) or rate-limit window."""
    with time_machine.travel(STEADY_MOMENT, tick=False):
        yield STEADY_MOMENT


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's chromium: Playwright cannot download its own browser here.
    return {
        **browser_type_launch_args,
        "executable_path": shutil.which("chromium") or "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def context(context, live_server):
    # Pages that close send last requests (the admin releases its "editing
    # session" with a beacon). Answered during the test's database flush, they
    # can deadlock it, so close the browser and let the server finish first.
    requests = track_requests(live_server)
    yield context
    context.close()
    requests.wait_until_idle()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # After a transactional test flushes the database, serialized_rollback
    # brings back what migrations made (the root page, the default Site, groups,
    # workflows). Django saves every object again, one at a time (about two
    # seconds a test); restoring a snapshot of the tables takes a fraction.
    # Both are set on the classes: connections are context-local, and
    # Playwright's event loop gives browser tests a second connection object.
    # Restored once more at the end, so that a database kept for the next run
    # (--reuse-db) is not left flushed by the last transactional test.
    connection = connections["default"]
    with django_db_blocker.unblock():
        migrated = demo_snapshot.take(connection)
    type(connection)._test_serialized_contents = "a snapshot: see below"
    type(connection.creation).deserialize_db_from_string = lambda creation, data: (
        demo_snapshot.restore(migrated, creation.connection)
    )
    yield
    with django_db_blocker.unblock():
        demo_snapshot.restore(migrated, connection)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Wagtail caches site root paths, the page cache keeps pages: entries from
    # an earlier test's rolled-back pages would give wrong answers.
    for each in caches.all():
        each.clear()
    # What each process remembers when the cache fails.
    visitors.cache_health.down_until = 0.0
    visitors.process_counter.__init__()
    visitors.salt_memo.__init__()
    from donations import clicks

    clicks.forget()


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker) -> demo_snapshot.Snapshot:
    # Loaded once in a transaction that is rolled back; commit hooks (search
    # indexing) run inside it so the snapshot holds what a commit would.
    # Renditions left by earlier runs belong to no database row any more; a
    # page made again writes its own, and would pile up copies beside them.
    shutil.rmtree(Path(django_settings.MEDIA_ROOT) / "images", ignore_errors=True)
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo_content", stdout=io.StringIO())
            # Every page shown once, so the snapshot holds the renditions of
            # its pictures: making them (AVIF is slow) is paid once a session,
            # not in every test that opens a page.
            client = Client()
            for page in Page.objects.live().filter(depth__gt=1):
                client.get(page.get_url())
        snapshot = demo_snapshot.take()
        transaction.set_rollback(True)
    return snapshot


@pytest.fixture
def demo_content(_demo_snapshot, db):
    """The demo site as `make run` loads it, restored from a snapshot."""
    demo_snapshot.restore(_demo_snapshot)
    for each in caches.all():
        each.clear()


def _redis_cache(location: str) -> dict:
    """The production cache settings (base.py), pointed at `location`."""
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    options = {
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 2,
        "SOCKET_TIMEOUT": 2,
    }
    return {
        alias: {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"{prefix}-{alias}",
            "OPTIONS": options,
        }
        for alias in ("default", "pages")
    }


@pytest.fixture
def redis_up(settings):
    """Redis as production uses it (TEST_REDIS_URL; keys under a fresh prefix)."""
    from django_redis import get_redis_connection

    from donations.recording import SPOOL_REDIS_KEY, STORING_REDIS_KEY

    settings.CACHES = _redis_cache(django_settings.TEST_REDIS_URL)
    connection = get_redis_connection("default")
    connection.delete(SPOOL_REDIS_KEY, STORING_REDIS_KEY)
    yield connection
    for each in caches.all():
        each.delete_pattern("*")
    connection.delete(SPOOL_REDIS_KEY, STORING_REDIS_KEY)


@pytest.fixture
def redis_down(settings):
    """A Redis cache that cannot be reached: nothing listens on its port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = _redis_cache(f"redis://127.0.0.1:{port}/0")


@pytest.fixture
def home_page(db):
    """A HomePage made the root of the default Site, as the demo content does."""
    home = HomePageFactory(parent=Page.get_first_root_node())
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.site_name = "MS Portal"
    site.save()
    return home


@pytest.fixture
def server_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def demo_site(demo_content, server_url):
    """The live server, with the demo content."""
    return server_url


@pytest.fixture
def console_errors(page):
    """Console errors, including Content-Security-Policy violations."""
    errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(message.text),
    )
    return errors


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot as a test artefact (git-ignored)."""

    def take(page, name: str, full_page: bool = True) -> Path:
        path = ARTIFACTS / "screenshots" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
