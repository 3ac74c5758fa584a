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
# Development only: never routed in production, whatever the environment says.
DONATION_DEMO_CHECKOUT = False
