"""The bench server's environment: production settings on 127.0.0.1.

The HTTPS redirect stays on; every request says it came through a
TLS-terminating proxy (`X-Forwarded-Proto: https`, which production trusts
through SECURE_PROXY_SSL_HEADER), and that proxy is trusted to append the
visitor's address to `X-Forwarded-For` (TRUSTED_PROXY_COUNT=1).
"""

import hashlib
import os
import secrets
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ms_portal_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/10"
SECRET_FILE = ROOT / "var" / "bench-secret-key"
HOSTS = "127.0.0.1,localhost,testserver"
PROVIDER_HOST = "donate.example.org"  # the demo content's payment provider
# Headers every load request sends, as a browser behind the proxy would.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"}
BROWSER_HEADERS = {
    "Accept-Encoding": "gzip",
    "User-Agent": (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0 Safari/537.36"
    ),
}


def secret_key() -> str:
    """One key per checkout, kept in var/ (git-ignored): pages cached by an
    earlier run keep valid donate links."""
    if not SECRET_FILE.exists():
        SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
        SECRET_FILE.write_text(secrets.token_urlsafe(50))
        SECRET_FILE.chmod(0o600)
    return SECRET_FILE.read_text().strip()


def redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except (redis.RedisError, OSError):
        return False


def server_environment(
    database_url: str, redis_url: str | None, page_cache: bool = True
) -> dict[str, str]:
    key = secret_key()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ms_portal.settings.production",
        "SECRET_KEY": key,
        "ALLOWED_HOSTS": HOSTS,
        "DATABASE_URL": database_url,
        "TRUSTED_PROXY_COUNT": "1",
        "DONATION_ALLOWED_HOSTS": PROVIDER_HOST,
        "STRIPE_WEBHOOK_SECRET": stripe_secret(key),
        "PAGE_CACHE_ENABLED": "true" if page_cache else "false",
        "LOG_LEVEL": "WARNING",
    }
    environment.pop("REDIS_URL", None)
    if redis_url:
        environment["REDIS_URL"] = redis_url
    return environment


def stripe_secret(key: str) -> str:
    return "whsec_" + hashlib.sha256(f"bench stripe {key}".encode()).hexdigest()[:32]
