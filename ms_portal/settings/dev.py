"""Local development: `make run`. Debug on, plain HTTP, e-mails to the console."""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DEBUG", True)
# Development only; production.py refuses to start without its own key.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-key-not-for-production-use"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
SERVE_MEDIA = True

# The superuser `make run` creates or resets; local use only.
LOCAL_ADMIN_USERNAME = os.environ.get("LOCAL_ADMIN_USERNAME", "admin")
LOCAL_ADMIN_PASSWORD = os.environ.get("LOCAL_ADMIN_PASSWORD", "admin")

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# `make run` signs in with admin/admin and no authenticator app. Set
# SKIP_ADMIN_TWO_FACTOR=false to try two-factor sign-in locally; production
# refuses to start with it set at all.
WAGTAIL_2FA_REQUIRED = not env_bool("SKIP_ADMIN_TWO_FACTOR", True)

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
CONTENT_SECURITY_POLICY["DIRECTIVES"].pop("upgrade-insecure-requests")  # noqa: F405

STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Serve straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Donations: the demo content's payment provider (a placeholder address).
DONATION_ALLOWED_HOSTS = env_list("DONATION_ALLOWED_HOSTS", "donate.example.org")

# The demo checkout completes the loop on `make run` with no account anywhere:
# the donate page hands visitors to it, and it sends a signed test webhook.
DONATION_DEMO_CHECKOUT = env_bool("DONATION_DEMO_CHECKOUT", True)
STRIPE_WEBHOOK_SECRET = (
    os.environ.get("STRIPE_WEBHOOK_SECRET") or "whsec_dev_only_demo_checkout"
)
