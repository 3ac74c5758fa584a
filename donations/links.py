"""Signed donate links: everything the click redirect needs, in the URL itself.

A donate button links to `/donations/go/<token>/`. The token carries the call
to action, variant, placement, source page and destination, signed with the
site's SECRET_KEY, so the redirect works with the database down and nobody can
forge a link to send visitors elsewhere. Links do not expire: they sit in
cached pages, and the call to action's own dates decide what happens.

While a call to action is in an A/B test its links also carry the test's id,
and `assigned` tells the two kinds apart: the button in the page's HTML (what
visitors without JavaScript, or with Do Not Track or Global Privacy Control,
see and click) is unassigned; the copies of every variant that the beacon
script chooses between are assigned. Only assigned clicks count in the test.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core import signing
from django.http.request import validate_host
from django.urls import reverse

from .choices import Placement

SIGNING_SALT = "donations.click-link"
CONTROL_VARIANT = "control"
# Variant keys and tracking codes are slugs; anything else in a token is refused.
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
MAX_DESTINATION_LENGTH = 1000
# What one impression beacon may carry. The largest demo page (the immune
# system article: a body prompt in an A/B test with two variants, and the
# default at its foot) has 4 tokens, 828 bytes form-encoded, the longest 240.
# Twenty tokens that long come to 4.8 KB; the cap allows three times that, for
# longer payment addresses and ids. donation-impressions.js splits a page's
# tokens into beacons within both limits, so no page loses impressions.
BEACON_MAX_TOKENS = 20
BEACON_MAX_BYTES = 16 * 1024


class BadLink(Exception):
    """The token is unsigned, tampered with or malformed."""


@dataclass(frozen=True)
class ClickLink:
    cta_id: int
    placement: str
    page_id: int | None
    destination: str
    campaign: str
    variant: str = CONTROL_VARIANT
    ab_test: int = 0
    assigned: bool = False

    def token(self) -> str:
        payload = {
            "c": self.cta_id,
            "p": self.placement,
            "s": self.page_id,
            "d": self.destination,
            "u": self.campaign,
        }
        # The control is the usual case; leaving it out keeps links short.
        if self.variant != CONTROL_VARIANT:
            payload["v"] = self.variant
        if self.ab_test:
            payload["t"] = self.ab_test
            if self.assigned:
                payload["a"] = 1
        # No timestamp (links do not expire): the same button gives the same
        # link on every render, so a page renders the same for every visitor.
        return signing.Signer(salt=SIGNING_SALT).sign_object(payload, compress=True)

    def url(self) -> str:
        return reverse("donations:click", args=[self.token()])

    @classmethod
    def from_token(cls, token: str) -> "ClickLink":
        if len(token) > 2000:
            raise BadLink("token too long")
        # The keys are part of the memo's key, so a rotated key is never
        # answered from memory. Only good links are remembered (lru_cache
        # keeps no exceptions): a flood of forged ones cannot fill it.
        return _from_token(
            cls, token, settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS)
        )

    @classmethod
    def _parse(cls, token: str) -> "ClickLink":
        try:
            data = _unsign(token)
        except (signing.BadSignature, ValueError, UnicodeError) as error:
            raise BadLink(str(error)) from error
        if not isinstance(data, dict):
            raise BadLink("payload is not an object")
        cta_id, page_id = data.get("c"), data.get("s")
        destination, campaign = data.get("d"), data.get("u")
        variant, placement = data.get("v", CONTROL_VARIANT), data.get("p")
        ab_test, assigned = data.get("t", 0), data.get("a", 0)
        if not (_is_id(cta_id) and (page_id is None or _is_id(page_id))):
            raise BadLink("bad ids")
        if not (ab_test == 0 or _is_id(ab_test)) or assigned not in (0, 1):
            raise BadLink("bad test")
        if assigned and not ab_test:
            raise BadLink("assigned outside a test")
        if placement not in Placement.values:
            raise BadLink("bad placement")
        if not (isinstance(variant, str) and SLUG.match(variant)):
            raise BadLink("bad variant")
        if not (isinstance(campaign, str) and SLUG.match(campaign)):
            raise BadLink("bad campaign")
        if not (
            isinstance(destination, str)
            and 0 < len(destination) <= MAX_DESTINATION_LENGTH
        ):
            raise BadLink("bad destination")
        return cls(
            cta_id,
            placement,
            page_id,
            destination,
            campaign,
            variant,
            ab_test,
            bool(assigned),
        )


@lru_cache(maxsize=1024)
def _from_token(
    cls: type[ClickLink], token: str, secret: str, fallbacks: tuple
) -> ClickLink:
    """Links are few (one per button) and every click checks one: remembered
    checked, a click costs no HMAC."""
    return cls._parse(token)


def _unsign(token: str):
    if token.count(signing.Signer().sep) == 2:
        # payload:timestamp:signature, from before links lost their timestamp
        # (still in cached pages for a while).
        return signing.loads(token, salt=SIGNING_SALT)
    return signing.Signer(salt=SIGNING_SALT).unsign_object(token)


def _is_id(value) -> bool:
    return type(value) is int and 0 < value < 2**63


def is_allowed_external_url(url: str) -> bool:
    """An https address on a host in DONATION_ALLOWED_HOSTS, with no login part."""
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # noqa: B018 (raises ValueError on a malformed port)
    except ValueError:
        return False
    return (
        parts.scheme == "https"
        and bool(hostname)
        and "@" not in parts.netloc
        and "\\" not in url
        and validate_host(hostname, settings.DONATION_ALLOWED_HOSTS)
    )


def is_site_path(url: str) -> bool:
    """A path on this site, such as the donate page's, and nothing that leaves it."""
    return (
        url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and not urlsplit(url).netloc
    )


def is_safe_destination(url: str) -> bool:
    return is_site_path(url) or is_allowed_external_url(url)


def add_query(url: str, params: dict, override: bool = True) -> str:
    """`url` with `params` added to its query string (empty values left out)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    for key, value in params.items():
        if value in (None, ""):
            continue
        if override or key not in query:
            query[key] = str(value)
    return urlunsplit(parts._replace(query=urlencode(query)))


def with_utm(url: str, campaign: str, placement: str, source: str) -> str:
    """Campaign tags for the payment provider's analytics. Tags an editor already
    put in the address win, so a provider-specific campaign is never overwritten."""
    return add_query(
        url,
        {
            "utm_source": source,
            "utm_medium": "donate-button",
            "utm_campaign": campaign,
            "utm_content": placement,
        },
        override=False,
    )
