# Sourced by `make bench`: makes wrk and PostgreSQL ready on a fresh Debian
# machine, or stops with one line saying what to run. Redis is used when it
# answers (BENCH_REDIS_URL), and never installed for the bench.

: "${BENCH_DATABASE_URL:=postgres://postgres@127.0.0.1:5432/ms_portal_bench}"
export BENCH_DATABASE_URL

is_root() { [ "$(id -u)" = 0 ]; }

if ! command -v wrk >/dev/null; then
    if is_root && command -v apt-get >/dev/null; then
        echo "make bench: installing Debian's wrk…"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    fi
    if ! command -v wrk >/dev/null; then
        echo "make bench: the load generator is missing; run: sudo apt-get install -y wrk" >&2
        exit 1
    fi
fi

db_status() { DATABASE_URL="$BENCH_DATABASE_URL" .venv/bin/python scripts/db_status.py; echo $?; }
status=$(db_status)
if [ "$status" = 1 ] && is_root && command -v pg_ctlcluster >/dev/null; then
    for version in $(ls /etc/postgresql); do
        pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
    done
    sleep 2
    status=$(db_status)
fi
if [ "$status" = 3 ] && is_root && command -v createuser >/dev/null; then
    # As in scripts/test-setup.sh: a superuser role for us, over the Unix socket.
    su postgres -c "createuser --superuser $(id -un)" 2>/dev/null || true
    BENCH_DATABASE_URL="postgres:///ms_portal_bench"
    status=$(db_status)
fi
if [ "$status" != 0 ]; then
    echo "make bench: PostgreSQL is not answering at $BENCH_DATABASE_URL; start it (sudo pg_ctlcluster 15 main start) or set BENCH_DATABASE_URL=postgres://user:password@host:5432/ms_portal_bench" >&2
    exit 1
fi
