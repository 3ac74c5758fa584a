"""Redis commands on the busiest paths (page cache tokens, donate clicks),
sent without redis-py's generic command path.

redis-py packs each command in Python and wraps it in retries and its pool's
bookkeeping, which costs more CPU than the round trip's own system calls.
Here a command is packed by hiredis in one call and sent on a connection that
each thread keeps, outside the client's pool.
"""

import threading

import hiredis


def call(connection, *command):
    """Send one command and read its reply. On an error the connection closes
    itself, and connects again when next used."""
    connection.send_packed_command([hiredis.pack_command(command)], check_health=False)
    return connection.read_response()


class ThreadConnection(threading.local):
    """This thread's connection with a client's settings, outside its pool."""

    client = None
    connection = None

    def get(self, client):
        if self.client is not client:
            self.client = client
            self.connection = client.connection_pool.make_connection()
        return self.connection
