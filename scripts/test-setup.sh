# Sourced by `make test`: makes PostgreSQL, Redis, Chromium, and Java and npm
# (for the Nu HTML Checker) ready on a fresh Debian machine, or stops with one
# line saying what to run. Never falls back to SQLite.

: "${DATABASE_URL:=postgres://postgres@127.0.0.1:5432/ms_portal}"
export DATABASE_URL
export DJANGO_SETTINGS_MODULE=ms_portal.settings.test

. scripts/postgres-ready.sh
postgres_ready DATABASE_URL ms_portal "make test" || exit 1

# The Redis-up tests need a Redis (TEST_REDIS_URL); the Redis-down ones make
# their own closed port.
: "${TEST_REDIS_URL:=redis://127.0.0.1:6379/0}"
export TEST_REDIS_URL
redis_answers() { .venv/bin/python -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()" "$TEST_REDIS_URL" 2>/dev/null; }
if ! redis_answers && is_root; then
    if ! command -v redis-server >/dev/null && command -v apt-get >/dev/null; then
        echo "make test: installing Debian's redis-server for the Redis tests…"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    fi
    if command -v redis-server >/dev/null; then
        redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
        sleep 1
    fi
fi
if ! redis_answers; then
    echo "make test: Redis is not answering at $TEST_REDIS_URL; start it (sudo apt-get install -y redis-server) or set TEST_REDIS_URL=redis://host:6379/0" >&2
    exit 1
fi

if ! command -v chromium >/dev/null; then
    if is_root && command -v apt-get >/dev/null; then
        echo "make test: installing Debian's chromium for the browser tests…"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "make test: the browser tests need Chromium; run: sudo apt-get install -y chromium" >&2
        exit 1
    fi
fi

# The Nu HTML Checker (tests/test_html_validity.py) is vnu.jar from npm, run
# by Java: npm fetches it (make test's next step), Java runs it.
debian_install() {  # command, Debian package(s), what needs it
    command -v "$1" >/dev/null && return 0
    if is_root && command -v apt-get >/dev/null; then
        echo "make test: installing Debian's $2 for $3…"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $2 >/dev/null
    else
        echo "make test: $3 needs $1; run: sudo apt-get install -y $2" >&2
        return 1
    fi
}
debian_install java default-jre-headless "the Nu HTML Checker" || exit 1
debian_install npm "nodejs npm" "the Nu HTML Checker's vnu.jar" || exit 1
