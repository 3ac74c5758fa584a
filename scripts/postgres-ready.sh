# Sourced by test-setup.sh and bench-setup.sh (POSIX sh: make runs dash):
# makes PostgreSQL answer at the URL held in a variable, on a fresh Debian
# machine, or says in one line what to run.
#
#   postgres_ready VARIABLE DATABASE "make test" || exit 1

is_root() { [ "$(id -u)" = 0 ]; }

_pg_status() { DATABASE_URL="$_pg_url" .venv/bin/python scripts/db_status.py; echo $?; }

postgres_ready() {
    eval "_pg_url=\$$1"
    _pg_status=$(_pg_status)
    if [ "$_pg_status" = 1 ] && is_root && command -v pg_ctlcluster >/dev/null; then
        for _pg_version in $(ls /etc/postgresql); do
            pg_ctlcluster --skip-systemctl-redirect "$_pg_version" main start >/dev/null 2>&1 || true
        done
        sleep 2
        _pg_status=$(_pg_status)
    fi
    if [ "$_pg_status" = 3 ] && is_root && command -v createuser >/dev/null; then
        # A fresh Debian PostgreSQL wants a password on 127.0.0.1. As root we
        # can create a superuser role for ourselves and use the Unix socket.
        su postgres -c "createuser --superuser $(id -un)" 2>/dev/null || true
        _pg_url="postgres:///$2"
        eval "$1=\$_pg_url"
        _pg_status=$(_pg_status)
    fi
    if [ "$_pg_status" != 0 ]; then
        _pg_version=$(ls /etc/postgresql 2>/dev/null | head -n 1)
        echo "$3: PostgreSQL is not answering at $_pg_url; start it (sudo pg_ctlcluster ${_pg_version:-15} main start) or set $1=postgres://user:password@host:5432/$2" >&2
        return 1
    fi
}
