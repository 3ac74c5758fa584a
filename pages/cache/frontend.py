"""Purge the HTTP cache in front (Varnish, a CDN) as the page cache is purged.

The `Change` that purges the page cache (see `invalidation`) goes to every
back-end in `WAGTAILFRONTENDCACHE` too, once it is committed and after the
page cache's own purge, so whatever the front cache fetches next is the new
version: its paths as full URLs on every site's root, or, for a change that
shows everywhere, everything (Varnish: a BAN request; CloudFront: an
invalidation of `/*`; Cloudflare: purge everything).

`wagtail.contrib.frontend_cache` provides the back-ends and the purge task
but is deliberately not an installed app: its signal handlers would purge a
published page alone, a second time, and never the pages that show it.
"""

import logging
from http.client import HTTPConnection, HTTPSConnection
from urllib.parse import urlsplit

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import (
    CloudflareBackend as WagtailCloudflareBackend,
)
from wagtail.contrib.frontend_cache.backends import (
    CloudfrontBackend as WagtailCloudfrontBackend,
)
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache
from wagtail.models import Site

import requests

logger = logging.getLogger(__name__)


def purge(change) -> None:
    """Tell every configured front cache what `change` touched."""
    backends = get_backends()
    if not backends:
        return
    roots = sorted({site.root_url for site in Site.objects.all()})
    if change.everything:
        for name, backend in backends.items():
            logger.info("[%s] Purging everything", name)
            backend.purge_everything(roots)
    elif change.paths:
        purge_urls_from_cache(
            [root + path for root in roots for path in sorted(change.paths)]
        )


class VarnishBackend(HTTPBackend):
    """PURGE a URL's path, BAN everything (deploy/varnish/default.vcl).

    Varnish bans a purged path on every host and with any query string, as
    the page cache purges it. `SOURCE_ADDRESS` sends purges from one of the
    host's addresses, the one Varnish's purge ACL names.
    """

    TIMEOUT = 2  # seconds: a slow Varnish must not hold up a publish

    def __init__(self, params):
        params = dict(params)
        source = params.pop("SOURCE_ADDRESS", "")
        self.source_address = (source, 0) if source else None
        super().__init__(params)

    def purge(self, url) -> None:
        parts = urlsplit(url)
        self._send("PURGE", parts.path or "/", parts.netloc)

    def purge_everything(self, roots) -> None:
        self._send("BAN", "/", urlsplit(roots[0]).netloc if roots else "")

    def _send(self, method: str, path: str, host: str) -> None:
        connection_class = (
            HTTPSConnection if self.cache_scheme == "https" else HTTPConnection
        )
        connection = connection_class(
            self.cache_netloc, timeout=self.TIMEOUT, source_address=self.source_address
        )
        try:
            connection.request(
                method,
                path,
                headers={
                    "Host": host,
                    "User-Agent": f"Wagtail-frontendcache/{wagtail_version}",
                },
            )
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                logger.error(
                    "Varnish refused %s %s: %s %s",
                    method,
                    path,
                    response.status,
                    response.reason,
                )
        except OSError as error:
            logger.error("Could not %s %s at Varnish: %s", method, path, error)
        finally:
            connection.close()


class CloudfrontBackend(WagtailCloudfrontBackend):
    """Wagtail's, with an invalidation of every path for a change shown
    everywhere."""

    def purge_everything(self, roots) -> None:
        self.purge_batch(["/*"])


class CloudflareBackend(WagtailCloudflareBackend):
    """Wagtail's, with Cloudflare's "purge everything" for a change shown
    everywhere."""

    def purge_everything(self, roots) -> None:
        if self.cloudflare_token:
            headers = {"Authorization": f"Bearer {self.cloudflare_token}"}
        else:
            headers = {
                "X-Auth-Email": self.cloudflare_email,
                "X-Auth-Key": self.cloudflare_api_key,
            }
        try:
            response = requests.post(
                self.cloudflare_purge_endpoint_url,
                json={"purge_everything": True},
                headers=headers,
                timeout=30,
            )
            response.raise_for_status()
        except requests.RequestException as error:
            logger.error("Could not purge everything from Cloudflare: %s", error)
