"""Snapshots of every table, restored in a fraction of a second: the demo
content, so tests do not run `load_demo_content` again (10 to 15 seconds) each,
and the migrated database that transactional tests come back to.

PostgreSQL only: COPY writes and reads the rows, TRUNCATE empties the tables,
and Django's deferred foreign keys let tables be filled in any order.
"""

import io
from dataclasses import dataclass

from django.db import connection as default_connection
from django.db import transaction

from psycopg2 import sql


@dataclass(frozen=True)
class Snapshot:
    tables: dict[str, bytes]
    sequences: dict[str, tuple[int, bool]]


def _tables(connection, cursor) -> list[str]:
    return [
        name
        for name in connection.introspection.table_names(cursor)
        if name != "django_migrations"
    ]


def take(connection=default_connection) -> Snapshot:
    """Copy every table and sequence as they stand in this transaction."""
    with connection.cursor() as cursor:
        tables = {}
        for name in _tables(connection, cursor):
            buffer = io.BytesIO()
            cursor.copy_expert(
                sql.SQL("COPY {} TO STDOUT").format(sql.Identifier(name)), buffer
            )
            tables[name] = buffer.getvalue()
        cursor.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
        )
        sequences = {}
        for (name,) in cursor.fetchall():
            cursor.execute(
                sql.SQL("SELECT last_value, is_called FROM {}").format(
                    sql.Identifier(name)
                )
            )
            sequences[name] = cursor.fetchone()
    return Snapshot(tables, sequences)


def restore(snapshot: Snapshot, connection=default_connection) -> None:
    """Make every table hold exactly what the snapshot holds."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        names = _tables(connection, cursor)
        cursor.execute(
            sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
                sql.SQL(", ").join(map(sql.Identifier, names))
            )
        )
        for name in names:
            if data := snapshot.tables.get(name):
                cursor.copy_expert(
                    sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(name)),
                    io.BytesIO(data),
                )
        for name, (value, is_called) in snapshot.sequences.items():
            cursor.execute("SELECT setval(%s, %s, %s)", [name, value, is_called])
