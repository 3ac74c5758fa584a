"""Who clicks donate buttons: bots and device classes from the user agent, and
the daily count of requests the rate limits refused. Visitors themselves are
told apart by `pages.visitors`."""

import logging
from datetime import date, datetime
from functools import lru_cache

from django.core.cache import cache

import ua_parser
from crawlerdetect import CrawlerDetect

from pages.visitors import uk_today

from .choices import DeviceClass

logger = logging.getLogger(__name__)

_crawlers = CrawlerDetect()


@lru_cache(maxsize=2048)
def is_bot(agent: str) -> bool:
    """Known crawlers, link previewers, headless browsers and HTTP libraries.

    An empty user agent counts as a bot: every real browser sends one.
    """
    if not agent.strip():
        return True
    if _crawlers.isCrawler(agent):
        return True
    device = ua_parser.parse_device(agent)
    return device is not None and device.family == "Spider"


_TABLET_FAMILIES = ("ipad", "kindle", "tablet", "tab ", "galaxy tab", "nexus 7")
_MOBILE_OS = ("ios", "android", "windows phone", "blackberry os", "kaios", "harmonyos")
_DESKTOP_OS = (
    "windows",
    "mac os x",
    "linux",
    "ubuntu",
    "fedora",
    "debian",
    "chrome os",
    "chromecast",
    "freebsd",
    "openbsd",
)


@lru_cache(maxsize=2048)
def device_class(agent: str) -> str:
    """Phone, tablet, computer or other, from ua-parser's device and OS families.

    ua-parser names devices and systems but does not class them; the rules below
    follow the usual reading of its results (Android without "Mobile" is a tablet).
    """
    result = ua_parser.parse(agent)
    device = (result.device.family if result.device else "").lower()
    system = (result.os.family if result.os else "").lower()
    if any(name in device for name in _TABLET_FAMILIES):
        return DeviceClass.TABLET
    if system == "android" and "mobile" not in agent.lower():
        return DeviceClass.TABLET
    if system in _MOBILE_OS or "mobile" in agent.lower():
        return DeviceClass.MOBILE
    if system in _DESKTOP_OS or system.startswith("windows"):
        return DeviceClass.DESKTOP
    return DeviceClass.OTHER


def refusal_key(kind: str, now: datetime | None = None) -> str:
    return f"donations:refused:{kind}:{uk_today(now).isoformat()}"


def count_refusal(kind: str, now: datetime | None = None) -> None:
    """Count a refused request per UK day, kept in the cache for a week."""
    key = refusal_key(kind, now)
    try:
        cache.add(key, 0, timeout=8 * 24 * 3600)
        cache.incr(key)
    except Exception:
        logger.warning("Could not count a rate-limited %s", kind, exc_info=True)


def refused_count(kind: str, day: date) -> int:
    """How many requests of `kind` ('click' or 'beacon') were refused on `day`."""
    try:
        return cache.get(f"donations:refused:{kind}:{day.isoformat()}", 0)
    except Exception:
        return 0
