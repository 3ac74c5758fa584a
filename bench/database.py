"""The bench databases: created when missing, never dropped."""

import dj_database_url
import psycopg2
from psycopg2 import sql


def ensure_database(url: str) -> bool:
    """Create the PostgreSQL database `url` names if it does not exist yet.
    Returns whether it was created."""
    config = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        connect_timeout=5,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
            )
            if cursor.fetchone():
                return False
            cursor.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"]))
            )
            return True
    finally:
        connection.close()


def with_name(url: str, name: str) -> str:
    """The same server, another database."""
    head, _, _ = url.rpartition("/")
    return f"{head}/{name}"
