#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on its own port, for fault drills that stop
# and start the database. Never touches the machine's shared server.
#
#   scripts/throwaway-postgres.sh create NAME PORT   # new cluster, trust auth, database ms_portal
#   scripts/throwaway-postgres.sh stop|start NAME    # pull the cable, plug it back
#   scripts/throwaway-postgres.sh drop NAME          # stop it and delete its files
#
# Needs Debian's postgresql-common (pg_createcluster) and root, as on CI.
set -euo pipefail

action=${1:?usage: $0 create|start|stop|drop NAME [PORT]}
name=${2:?cluster name}
version=$(ls /etc/postgresql | sort -n | tail -n 1)

if ! command -v pg_createcluster >/dev/null; then
    echo "throwaway-postgres: needs Debian's postgresql-common (apt-get install -y postgresql)" >&2
    exit 1
fi
if [ "$(id -u)" != 0 ]; then
    echo "throwaway-postgres: run as root (pg_createcluster writes under /etc/postgresql)" >&2
    exit 1
fi

case "$action" in
create)
    port=${3:?port}
    if [ "$name" = main ] || [ "$port" = 5432 ]; then
        echo "throwaway-postgres: refusing to touch the shared server" >&2
        exit 1
    fi
    pg_dropcluster --stop "$version" "$name" >/dev/null 2>&1 || true
    # Quick to stop and start: nothing here is worth keeping.
    pg_createcluster --port "$port" -o fsync=off \
        -o max_connections=200 "$version" "$name" -- --auth=trust >/dev/null
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start
    su postgres -c "createdb -p $port ms_portal"
    echo "postgres://postgres@127.0.0.1:$port/ms_portal"
    ;;
start)
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start
    ;;
stop)
    # Immediate: connections drop as they would when the server dies.
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" stop -m immediate
    ;;
drop)
    pg_dropcluster --stop "$version" "$name" >/dev/null 2>&1 || true
    ;;
*)
    echo "usage: $0 create|start|stop|drop NAME [PORT]" >&2
    exit 2
    ;;
esac
