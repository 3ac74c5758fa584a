from contextlib import contextmanager

from django.db import OperationalError, connection


def _refuse(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


@contextmanager
def database_down():
    """Every query fails as it would with PostgreSQL stopped."""
    with connection.execute_wrapper(_refuse):
        yield
