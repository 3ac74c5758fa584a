"""Exit 0 if DATABASE_URL's server accepts us, 3 if it wants a password, 1 otherwise."""

import os
import sys

import dj_database_url
import psycopg2

config = dj_database_url.parse(os.environ["DATABASE_URL"])
try:
    # The maintenance database: pytest-django creates the test database from it.
    psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        connect_timeout=3,
    ).close()
except psycopg2.OperationalError as error:
    sys.exit(3 if "password" in str(error) else 1)
