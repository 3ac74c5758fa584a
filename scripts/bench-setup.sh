# Sourced by `make bench`: makes wrk and PostgreSQL ready on a fresh Debian
# machine, or stops with one line saying what to run. Redis is used when it
# answers (BENCH_REDIS_URL), and never installed for the bench.

: "${BENCH_DATABASE_URL:=postgres://postgres@127.0.0.1:5432/ms_portal_bench}"
export BENCH_DATABASE_URL

. scripts/postgres-ready.sh

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

postgres_ready BENCH_DATABASE_URL ms_portal_bench "make bench" || exit 1
