import importlib
from contextlib import contextmanager

from django.db import OperationalError, connection
from django.urls import clear_url_caches


def _refuse(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


@contextmanager
def database_down():
    """Every query fails as it would with PostgreSQL stopped."""
    with connection.execute_wrapper(_refuse):
        yield


def reload_urls() -> None:
    """Route again after a setting that decides the URLs has changed (the demo
    checkout is routed only with DONATION_DEMO_CHECKOUT)."""
    import donations.urls
    import ms_portal.urls

    importlib.reload(donations.urls)
    importlib.reload(ms_portal.urls)
    clear_url_caches()
