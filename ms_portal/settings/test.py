"""The test suite. PostgreSQL only: never falls back to SQLite."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

from .base import *  # noqa: F403

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ms_portal")
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Tests run on PostgreSQL only: set DATABASE_URL to postgres://…"
    )

DEBUG = False
SECRET_KEY = "test-only-key-not-for-production-use"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
    },
}
# Off, so tests see what they change; the page cache's own tests turn it on.
PAGE_CACHE_ENABLED = False
# The Redis the "Redis up" tests use (they switch to it, under a key prefix of
# their own); the "Redis down" tests point at a closed port instead.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Clicks spooled and the donate page's stored copy, away from the checkout
# (a site the tests start themselves may name its own).
DONATION_SPOOL_FILE = Path(
    os.environ.get(
        "DONATION_SPOOL_FILE",
        BASE_DIR / "test-artifacts" / "var" / "donation-clicks.jsonl",  # noqa: F405
    )
)
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Serve straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
SERVE_MEDIA = True

# live_server speaks plain HTTP; SecurityMiddleware reads this once when the
# live server's handler is built, so it cannot be switched per test.
SECURE_SSL_REDIRECT = False
CONTENT_SECURITY_POLICY["DIRECTIVES"].pop("upgrade-insecure-requests")  # noqa: F405

WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILEMBEDS_FINDERS = [{"class": "tests.embeds.StubEmbedFinder"}]

# Most tests sign in with force_login or the plain form; the two-factor tests
# switch this on themselves.
WAGTAIL_2FA_REQUIRED = False

# No front cache, whatever the environment says; its tests configure one.
WAGTAILFRONTENDCACHE = {}
