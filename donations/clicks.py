"""Answering a donate click: count it, queue it, and send the visitor on.

Every donate button links to `/donations/go/<token>/`, so this is the site's
busiest write. `DonateClickMiddleware` answers it right after Django's
SecurityMiddleware (so the HTTPS redirect and security headers still apply),
skipping sessions, CSRF, authentication and URL resolving; the `click` view
answers the same way should the middleware be left out.

With Redis as the cache, a click costs one round trip: a Lua script counts
the address against the rate limit, queues the click (or counts the refusal)
and reads the page cache's epoch, which says whether the calls to action's
states this process remembers are still current. Nothing touches the
database; `replay_donation_clicks` stores the queue, flagging duplicates.
Without Redis, or while it is down, the same steps run one by one, with the
per-process rate limit and the file spool behind them (donations.recording).
"""

import hashlib
import logging
import threading
import time
import uuid
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.http import http_date

from redis.exceptions import NoScriptError

from pages import redis_calls
from pages.cache import store
from pages.cache.fragments import fragment
from pages.visitors import (
    cache_health,
    network_key,
    user_agent,
    visitor_hash,
    within_rate_limit,
)

from .links import ClickLink, is_allowed_external_url, is_site_path, with_utm
from .models import DonatePage, DonationCallToAction, is_active
from .payments.handoff import with_reference
from .payments.reference import EPOCH as REFERENCE_EPOCH
from .payments.reference import STAMP
from .recording import SPOOL_REDIS_KEY, Click, record_click
from .visitors import count_refusal, device_class, is_bot, refusal_key

logger = logging.getLogger(__name__)

# Where visitors go when the donate page cannot be looked up (the database is
# down): the donate page's address in the agreed site structure.
FALLBACK_DONATE_PATH = "/donate/"
RATE_WINDOW = 600  # seconds, as within_rate_limit counts
REFUSALS_KEPT = 8 * 24 * 3600  # seconds, as count_refusal keeps them
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"

# KEYS: the address's rate-limit count, the click queue, the day's refusal
# count, the page cache's epoch. ARGV: the limit, the count's lifetime, the
# click (JSON), the refusal count's lifetime. Counts are plain integers, as
# django-redis stores them, so cache.get() and cache.incr() read the same keys.
CLICK_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
if count <= tonumber(ARGV[1]) then
  redis.call('RPUSH', KEYS[2], ARGV[3])
elseif redis.call('INCR', KEYS[3]) == 1 then
  redis.call('EXPIRE', KEYS[3], ARGV[4])
end
return {count, redis.call('GET', KEYS[4])}
"""
CLICK_SCRIPT_SHA = hashlib.sha1(CLICK_SCRIPT.encode()).hexdigest()


class _States:
    """The calls to action's states, as last read, under the page cache epoch
    they were read in: publishing a call to action replaces the epoch."""

    def __init__(self):
        self.lock = threading.Lock()
        self.epoch: bytes | None = None
        self.states: dict | None = None
        self.read_at = 0.0

    def get(self, epoch: bytes | None) -> dict | None:
        if epoch is None or epoch != self.epoch:
            return None
        # Never older than the cached copy it came from could be.
        if time.monotonic() - self.read_at > settings.PAGE_CACHE_TIMEOUT:
            return None
        return self.states

    def keep(self, epoch: bytes | None, states: dict) -> None:
        if epoch is None:
            return
        with self.lock:
            self.epoch, self.states, self.read_at = epoch, states, time.monotonic()


remembered_states = _States()


def forget() -> None:
    """What this process remembers between clicks (tests start afresh)."""
    remembered_states.__init__()
    _redirect_url.cache_clear()


def donate_page_url(request) -> str:
    """Where to send a visitor when all else fails: always somewhere to give."""
    try:
        return DonatePage.find_url(request) or FALLBACK_DONATE_PATH
    except DatabaseError:
        return FALLBACK_DONATE_PATH


def cta_states(request) -> dict | None:
    """Every call to action's state, from the cache, which publishing one clears;
    None when neither the cache nor the database can say."""
    try:
        return fragment(
            request,
            "donations:call-to-action-states",
            lambda: {
                pk: state
                for pk, *state in DonationCallToAction.objects.values_list(
                    "pk", "live", "active_from", "active_until"
                )
            },
        )
    except DatabaseError:
        return None


def answer(request, link: ClickLink):
    """Record a click (GET only), then redirect: a 302, whatever happens."""
    source = request.get_host().split(":")[0]  # DisallowedHost: a 400, as before
    states = None
    if request.method == "GET":
        states = _track(request, link)
    if states is None:
        states = cta_states(request)
    if states is None:
        logger.warning(
            "Database unavailable; following donate link %s as signed", link.cta_id
        )
    elif not _is_followable(states.get(link.cta_id)):
        return _redirect(donate_page_url(request))
    stamp = int((timezone.now() - REFERENCE_EPOCH) // STAMP)
    url = _redirect_url(
        link,
        source,
        stamp,
        settings.SECRET_KEY,
        tuple(settings.DONATION_ALLOWED_HOSTS),
    )
    if url is None:
        # Signed by us, but its host has since left the allow-list.
        logger.warning("Donate link to a host no longer allowed: %s", link.destination)
        return _redirect(donate_page_url(request))
    return _redirect(url)


def _is_followable(state) -> bool:
    return state is not None and is_active(*state)


def _redirect(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    # What never_cache sets, without working it out on every click.
    response["Expires"] = http_date()
    response["Cache-Control"] = NEVER_CACHE
    return response


@lru_cache(maxsize=1024)
def _redirect_url(
    link: ClickLink, source: str, stamp: int, secret: str, allowed: tuple
) -> str | None:
    """Where the link leads, with its reference for the ten minutes `stamp`;
    the same for every click in them (secret and allowed hosts in the key, so a
    changed setting is never answered from memory)."""
    clicked_at = REFERENCE_EPOCH + stamp * STAMP
    destination = link.destination
    if is_site_path(destination):
        return with_reference(destination, link, clicked_at)
    if is_allowed_external_url(destination):
        tagged = with_utm(destination, link.campaign, link.placement, source)
        return with_reference(tagged, link, clicked_at)
    return None


def _click(request, link: ClickLink) -> Click:
    agent = user_agent(request)
    return Click(
        cta_id=link.cta_id,
        variant=link.variant,
        ab_test=link.ab_test,
        assigned=link.assigned,
        placement=link.placement,
        page_id=link.page_id,
        device_class=device_class(agent),
        is_bot=is_bot(agent),
        visitor_hash=visitor_hash(request),
    )


def _track(request, link: ClickLink) -> dict | None:
    """Count and queue the click; the calls to action's states when the one
    round trip to Redis could tell they are current, else None."""
    click = _click(request, link)
    network = network_key(request)
    limit = settings.DONATION_CLICK_RATE_LIMIT
    redis = _queue_redis()
    if redis is not None:
        # Named now: should Redis take the click but fail to answer, the copy
        # stored below and the queued one are the same click, stored once.
        click.spool_id = uuid.uuid4()
        try:
            count, epoch = _run_click_script(
                redis,
                keys=[
                    _rate_key(network),
                    SPOOL_REDIS_KEY,
                    caches["default"].make_key(refusal_key("click")),
                    caches[settings.PAGE_CACHE_ALIAS].make_key(store.EPOCH_KEY),
                ],
                args=[limit, RATE_WINDOW + 5, click.to_json(), REFUSALS_KEPT],
            )
        except Exception:
            # Down, or failing: the steps one by one, with their fallbacks.
            cache_health.failed("donate clicks")
            logger.warning("Could not queue a donate click in Redis", exc_info=True)
        else:
            states = remembered_states.get(epoch)
            if states is None and epoch is not None:
                states = cta_states(request)
                if states is not None:
                    remembered_states.keep(epoch, states)
            return states
    # Limited per address: a new user agent must not buy a new allowance.
    if within_rate_limit("click", network, limit, RATE_WINDOW):
        record_click(click)
    else:
        count_refusal("click")
    return None


def _rate_key(network: str) -> str:
    """within_rate_limit's key for this window, as the cache names it."""
    bucket = int(time.time() // RATE_WINDOW)
    key = f"visitors:rate:click:{RATE_WINDOW}:{network}:{bucket}"
    return caches["default"].make_key(key)


def _queue_redis():
    """The raw Redis client, when clicks are queued there and it is answering,
    and both caches live in the same Redis database (the script reads both)."""
    if not (settings.DONATION_CLICK_QUEUE and cache_health.answering()):
        return None
    default = settings.CACHES["default"]
    pages = settings.CACHES.get(settings.PAGE_CACHE_ALIAS, {})
    if (
        "django_redis" not in default["BACKEND"]
        or pages.get("BACKEND") != default["BACKEND"]
        or pages.get("LOCATION") != default.get("LOCATION")
    ):
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


_connection = redis_calls.ThreadConnection()


def _run_click_script(redis, keys: list[str], args: list):
    connection = _connection.get(redis)
    try:
        return redis_calls.call(
            connection, "EVALSHA", CLICK_SCRIPT_SHA, len(keys), *keys, *args
        )
    except NoScriptError:
        # A new or restarted Redis: EVAL runs the script and keeps it.
        return redis_calls.call(
            connection, "EVAL", CLICK_SCRIPT, len(keys), *keys, *args
        )
