"""The hand-off to the payment provider: what a donate button's redirect and the
donate page pass on, so the provider can send it back with the gift.

Everything here comes from the link or the form the visitor followed, never
from a cookie, session or database read, so the donate page and the redirect
stay cacheable and keep working when the database is down.
"""

import re
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ..links import add_query
from .reference import BadReference, Reference, for_click, for_donate_page

UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")
UTM_VALUE = re.compile(r"^[A-Za-z0-9._~-]{1,100}$")
GIFT_AID_RATE = Decimal("0.25")  # basic-rate tax reclaimed on each £1 given


def with_reference(url: str, link, clicked_at: datetime | None = None) -> str:
    """`url` (where a donate button leads) with the button's signed reference."""
    reference = for_click(link, clicked_at or timezone.now())
    return add_query(url, {"ref": reference.encode()})


def valid_reference(text: str | None) -> str:
    """The reference as given, if it is one this site signed; else empty."""
    if not text:
        return ""
    try:
        Reference.decode(text)
    except BadReference:
        return ""
    return text


def utm_from(query) -> dict[str, str]:
    """Campaign tags the donate page was opened with (from an e-mail, say)."""
    return {
        name: query[name]
        for name in UTM_FIELDS
        if isinstance(query.get(name), str) and UTM_VALUE.match(query[name])
    }


def gift_aid_total(pounds: int) -> str:
    """What a gift becomes with Gift Aid: 10 → '12.50'."""
    total = Decimal(pounds) * (1 + GIFT_AID_RATE)
    return f"{total:,.2f}"


def checkout_url(provider_url: str) -> str:
    """Where the donate form sends visitors: the demo checkout in development
    (DONATION_DEMO_CHECKOUT), otherwise the provider set in the admin."""
    if settings.DONATION_DEMO_CHECKOUT:
        return reverse("donations:demo_checkout")
    return provider_url


def provider_params(data: dict, donate_page_id: int | None, host: str) -> dict:
    """The query the provider receives from the donate form (`data`: its
    cleaned data)."""
    ref = data.get("ref") or for_donate_page(donate_page_id).encode()
    reference = Reference.decode(ref)
    utm = data.get("utm") or {
        "utm_source": host,
        "utm_medium": "donate-button" if reference.from_button else "donate-page",
        "utm_campaign": data.get("cta") or "donate-page",
        "utm_content": reference.placement or "donate-page",
    }
    return {
        "amount": data["pounds"],
        "frequency": data["frequency"],
        "designation": data["designation"],
        "gift_aid": "yes" if data.get("gift_aid") else "no",
        "cta": data.get("cta", ""),
        "ref": ref,
        # Stripe Payment Links keep this parameter and return it on the
        # checkout session, with no code at Stripe's end.
        "client_reference_id": ref,
        **utm,
    }
