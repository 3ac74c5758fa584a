"""Production: refuses to start without the variables it needs."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_list


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable (see README).")
    return value


SECRET_KEY = required("SECRET_KEY")
required("ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
required("DATABASE_URL")
DEBUG = False

# Two-factor sign-in is never skipped here: SKIP_ADMIN_TWO_FACTOR is for
# `make run` only, and a production environment that sets it is a mistake.
if os.environ.get("SKIP_ADMIN_TWO_FACTOR", "").strip():
    raise ImproperlyConfigured(
        "SKIP_ADMIN_TWO_FACTOR is for local development only; unset it."
    )
WAGTAIL_2FA_REQUIRED = True

# Development only: never routed in production, whatever the environment says.
DONATION_DEMO_CHECKOUT = False
