"""The reference that ties a gift back to the donate button it came from.

It rides in links and form fields, never in a cookie or session, so pages stay
cacheable: it depends only on the button (call to action, variant, A/B test,
placement, page) and on the time of the click rounded down to ten minutes. It
holds no personal data. It is signed with SECRET_KEY, so a reference that
comes back from a provider can be trusted, and is written only with letters,
digits, '-' and '_' in at most 200 characters, so a provider can keep it as
it is (Stripe's `client_reference_id` allows exactly that).
"""

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.utils.crypto import constant_time_compare, salted_hmac

from ..choices import Placement
from ..links import CONTROL_VARIANT, SLUG

VERSION = "m1"
SALT = "donations.payments.reference"
SIGNATURE_LENGTH = 22  # 16 bytes of HMAC-SHA256, base64 without padding
MAX_LENGTH = 200
# Clicks are stamped to the ten minutes, so one button gives one reference (and
# one cached donate page) per ten minutes, whoever clicks it.
STAMP = timedelta(minutes=10)
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
SAFE = re.compile(r"^[A-Za-z0-9_-]{1,200}$")


class BadReference(Exception):
    """Not a reference this site made: malformed, tampered with or truncated."""


@dataclass(frozen=True)
class Reference:
    """Where a visitor set off to give from: a donate button, or the donate page."""

    cta_id: int = 0
    variant: str = CONTROL_VARIANT
    ab_test: int = 0
    assigned: bool = False
    placement: str = ""
    page_id: int | None = None
    clicked_at: datetime | None = None

    @property
    def from_button(self) -> bool:
        return self.cta_id > 0

    def encode(self) -> str:
        stamp = None
        if self.clicked_at is not None:
            stamp = int((self.clicked_at - EPOCH) // STAMP)
        payload = [
            self.cta_id,
            "" if self.variant == CONTROL_VARIANT else self.variant,
            self.ab_test,
            int(self.assigned),
            self.placement,
            self.page_id or 0,
            stamp,
        ]
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        text = VERSION + body + _signature(body)
        if len(text) > MAX_LENGTH:
            raise ValueError("reference too long")
        return text

    @classmethod
    def decode(cls, text: str) -> "Reference":
        if not isinstance(text, str) or not SAFE.match(text):
            raise BadReference("not a reference")
        if not text.startswith(VERSION) or len(text) <= 2 + SIGNATURE_LENGTH:
            raise BadReference("unknown version")
        body, signature = text[2:-SIGNATURE_LENGTH], text[-SIGNATURE_LENGTH:]
        if not constant_time_compare(signature, _signature(body)):
            raise BadReference("bad signature")
        try:
            data = json.loads(_unb64(body))
            cta_id, variant, ab_test, assigned, placement, page_id, stamp = data
        except (ValueError, TypeError, binascii.Error) as error:
            raise BadReference("unreadable") from error
        if not (_is_count(cta_id) and _is_count(ab_test) and _is_count(page_id)):
            raise BadReference("bad ids")
        if assigned not in (0, 1) or (assigned and not ab_test):
            raise BadReference("bad test")
        if cta_id and placement not in Placement.values:
            raise BadReference("bad placement")
        if not cta_id and placement:
            raise BadReference("placement without a button")
        if variant != "" and not (isinstance(variant, str) and SLUG.match(variant)):
            raise BadReference("bad variant")
        if stamp is not None and not _is_count(stamp):
            raise BadReference("bad time")
        return cls(
            cta_id=cta_id,
            variant=variant or CONTROL_VARIANT,
            ab_test=ab_test,
            assigned=bool(assigned),
            placement=placement,
            page_id=page_id or None,
            clicked_at=None if stamp is None else EPOCH + stamp * STAMP,
        )


def for_click(link, now: datetime) -> Reference:
    """The reference a donate button's click hands on (`link`: a ClickLink)."""
    return Reference(
        cta_id=link.cta_id,
        variant=link.variant,
        ab_test=link.ab_test,
        assigned=link.assigned,
        placement=link.placement,
        page_id=link.page_id,
        clicked_at=now,
    )


def for_donate_page(page_id: int | None) -> Reference:
    """The reference of a visitor who chose to give on the donate page itself."""
    return Reference(page_id=page_id)


def _is_count(value) -> bool:
    return type(value) is int and 0 <= value < 2**63


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(body: str) -> str:
    digest = salted_hmac(SALT, body, algorithm="sha256").digest()[:16]
    return _b64(digest)
