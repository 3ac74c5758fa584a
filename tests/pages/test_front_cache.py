"""The HTTP cache in front (Varnish, a CDN) is purged with the page cache:
the same URLs, once the change is committed, through Wagtail's frontend_cache
back-ends. A recording HTTP server stands in for Varnish."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings as django_settings

import pytest

from ms_portal.settings.base import frontend_cache_backends
from pages.cache.invalidation import pages_showing
from pages.models import SiteSettings
from tests.factories.pages import (
    ArticlePageFactory,
    TermFactory,
    TopicIndexPageFactory,
    reviewed,
)

pytestmark = pytest.mark.django_db


class Recorder(BaseHTTPRequestHandler):
    def _record(self):
        self.server.requests.append(
            (self.command, self.path, self.headers["Host"], self.client_address[0])
        )
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_BAN = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish():
    """A stand-in Varnish that records the purges it is sent."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def front_cache(settings, varnish):
    settings.WAGTAILFRONTENDCACHE = frontend_cache_backends(
        {"FRONTEND_CACHE_VARNISH_URLS": f"http://127.0.0.1:{varnish.server_port}"}
    )
    return varnish


@pytest.fixture
def article(home_page):
    hub = TopicIndexPageFactory(parent=home_page, title="Living with MS")
    return reviewed(ArticlePageFactory(parent=hub, title="Fatigue", slug="fatigue"))


def test_publishing_purges_the_page_and_the_pages_showing_it_once_committed(
    front_cache, article, django_capture_on_commit_callbacks
):
    front_cache.requests.clear()
    article.title = "Fatigue and MS"
    with django_capture_on_commit_callbacks() as callbacks:
        article.save_revision().publish()

    # Before the commit Varnish would only fetch the old version again.
    assert front_cache.requests == []
    for callback in callbacks:
        callback()

    purged = [(method, path) for method, path, _, _ in front_cache.requests]
    expected = pages_showing(article).paths
    assert {"/", "/living-with-ms/", "/living-with-ms/fatigue/"} <= expected
    # Each path once: Wagtail's own handlers (the page alone) are not installed.
    assert sorted(purged) == sorted(("PURGE", path) for path in expected)
    assert "wagtail.contrib.frontend_cache" not in django_settings.INSTALLED_APPS


def test_unpublishing_purges_the_page(
    front_cache, article, django_capture_on_commit_callbacks
):
    front_cache.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()

    assert ("PURGE", "/living-with-ms/fatigue/") in [
        (method, path) for method, path, _, _ in front_cache.requests
    ]


def change_footer(home, text):
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.footer_text = text
    site_settings.save()


@pytest.mark.parametrize(
    "change",
    [
        lambda home: TermFactory(term="fatigue"),
        lambda home: change_footer(home, "Thank you"),
    ],
    ids=["snippet", "setting"],
)
def test_a_change_shown_everywhere_bans_everything(
    front_cache, home_page, change, django_capture_on_commit_callbacks
):
    front_cache.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change(home_page)

    methods = {method for method, _, _, _ in front_cache.requests}
    assert methods == {"BAN"}


def test_moving_a_page_bans_everything(
    front_cache, home_page, article, django_capture_on_commit_callbacks
):
    other_hub = TopicIndexPageFactory(parent=home_page, title="Treatments")
    front_cache.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.move(other_hub, pos="last-child")

    assert "BAN" in {method for method, _, _, _ in front_cache.requests}


def test_purges_leave_from_the_address_varnish_trusts(
    settings, varnish, article, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = frontend_cache_backends(
        {
            "FRONTEND_CACHE_VARNISH_URLS": f"http://127.0.0.1:{varnish.server_port}",
            "FRONTEND_CACHE_SOURCE_ADDRESS": "127.0.0.2",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    assert {address for _, _, _, address in varnish.requests} == {"127.0.0.2"}


def test_not_configured_sends_nothing(
    varnish, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
        TermFactory(term="relapse")

    assert varnish.requests == []


def test_a_front_cache_that_is_down_does_not_fail_the_publish(
    settings, article, django_capture_on_commit_callbacks, caplog
):
    # Nothing listens on port 9 (discard) here: connection refused.
    settings.WAGTAILFRONTENDCACHE = frontend_cache_backends(
        {"FRONTEND_CACHE_VARNISH_URLS": "http://127.0.0.1:9"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    assert "Could not PURGE" in caplog.text


def test_cdn_back_ends_come_from_the_environment():
    backends = frontend_cache_backends(
        {
            "FRONTEND_CACHE_VARNISH_URLS": "http://10.0.0.5:6081, http://10.0.0.6:6081",
            "FRONTEND_CACHE_CLOUDFLARE_ZONE_ID": "zone",
            "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN": "token",
            "FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID": "E123",
        }
    )

    assert [b["LOCATION"] for n, b in backends.items() if n.startswith("varnish")] == [
        "http://10.0.0.5:6081",
        "http://10.0.0.6:6081",
    ]
    assert backends["cloudflare"]["ZONEID"] == "zone"
    assert backends["cloudfront"]["DISTRIBUTION_ID"] == "E123"
    assert frontend_cache_backends({}) == {}
