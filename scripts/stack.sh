#!/usr/bin/env bash
# The production shape on one machine, without containers: Varnish on
# 127.0.0.1 in front of two gunicorn instances (production settings) that
# share PostgreSQL and Redis, plus the donate-click writer.
#
#   scripts/stack.sh start          # make stack: set up, start, print the addresses
#   scripts/stack.sh stop           # make stack-stop: stop what start started
#   scripts/stack.sh status         # what is running
#   scripts/stack.sh app-kill a|b   # kill -9 one instance (stack-check)
#   scripts/stack.sh app-start a|b|writer|varnish [DATABASE_URL]
#                                   # (re)start one process, optionally on another database
#
# Each app instance listens on a loopback address of its own (127.0.0.11,
# 127.0.0.12) and sends its purges from it, so Varnish's purge ACL names
# exactly the app servers and a PURGE from anywhere else (127.0.0.1) is
# refused. Everything it writes (pid files, logs, the generated secret and
# backends.vcl, static files) is under var/stack/, which git ignores.
#
# Overridable: STACK_DATABASE_URL, STACK_REDIS_URL, STACK_VARNISH (address:port),
# STACK_VARNISH_ADMIN, STACK_APP_A, STACK_APP_B (address:port), STACK_WORKERS.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIR=$ROOT/var/stack
DATABASE_URL_DEFAULT=${STACK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ms_portal_stack}
REDIS_URL_DEFAULT=${STACK_REDIS_URL:-redis://127.0.0.1:6379/12}
VARNISH=${STACK_VARNISH:-127.0.0.1:8720}
VARNISH_ADMIN=${STACK_VARNISH_ADMIN:-127.0.0.1:8729}
APP_A=${STACK_APP_A:-127.0.0.11:8721}
APP_B=${STACK_APP_B:-127.0.0.12:8722}
WORKERS=${STACK_WORKERS:-2}
PY=$ROOT/.venv/bin/python

say() { echo "stack: $*"; }

app_address() {
    case $1 in
    a) echo "$APP_A" ;;
    b) echo "$APP_B" ;;
    *) echo "stack: no app instance '$1' (a or b)" >&2 && exit 2 ;;
    esac
}

# A pid file's process, if it is still the one we started: its command line
# names this stack's directory (or, for the writer, this checkout's manage.py).
live_pid() {
    local file=$DIR/$1.pid pid marker=$DIR
    [ "$1" = writer ] && marker="$ROOT/manage.py replay_donation_clicks"
    [ -f "$file" ] || return 1
    pid=$(cat "$file")
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
    echo "$pid"
}

need_varnish() {
    command -v varnishd >/dev/null && return
    if [ "$(id -u)" = 0 ]; then
        say "installing Varnish from Debian's packages"
        mkdir -p "$DIR"
        # A fresh machine has no package lists yet; on failure, one line.
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish; } \
            >"$DIR/apt.log" 2>&1 || {
            echo "stack: could not install Varnish (see $DIR/apt.log); run  sudo apt-get install -y varnish  and try again" >&2
            exit 1
        }
    else
        echo "stack: needs Varnish: run  sudo apt-get install -y varnish  and try again" >&2
        exit 1
    fi
}

# PostgreSQL and Redis are the machine's (make test sets both up); the stack
# only uses them.
need_services() {
    local base=${DATABASE_URL_DEFAULT%/*}
    if ! psql "$base/postgres" -tAc "SELECT 1" >/dev/null 2>&1; then
        echo "stack: PostgreSQL does not answer at $base; start it (make test sets it up) or set STACK_DATABASE_URL" >&2
        exit 1
    fi
    if ! "$PY" -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()" "$REDIS_URL_DEFAULT" 2>/dev/null; then
        echo "stack: Redis does not answer at $REDIS_URL_DEFAULT; start it (sudo apt-get install -y redis-server) or set STACK_REDIS_URL" >&2
        exit 1
    fi
}

write_env() {
    mkdir -p "$DIR"
    [ -s "$DIR/secret_key" ] || "$PY" -c "import secrets; print(secrets.token_urlsafe(50))" >"$DIR/secret_key"
    [ -s "$DIR/varnish.secret" ] || "$PY" -c "import secrets; print(secrets.token_hex(32))" >"$DIR/varnish.secret"
    chmod 600 "$DIR/secret_key" "$DIR/varnish.secret"
    # Production settings, over plain HTTP on loopback; Varnish is the one
    # proxy in front (it appends the visitor's address to X-Forwarded-For),
    # and its address stands for the public host (indexable, as make
    # lighthouse expects).
    cat >"$DIR/env" <<EOF
DJANGO_SETTINGS_MODULE=ms_portal.settings.production
SECRET_KEY=$(cat "$DIR/secret_key")
ALLOWED_HOSTS=127.0.0.1,localhost,${APP_A%:*},${APP_B%:*}
DATABASE_URL=$DATABASE_URL_DEFAULT
REDIS_URL=$REDIS_URL_DEFAULT
SECURE_SSL_REDIRECT=false
TRUSTED_PROXY_COUNT=1
WAGTAILADMIN_BASE_URL=http://$VARNISH
PRODUCTION_HOST=$VARNISH
DONATION_ALLOWED_HOSTS=donate.example.org
DONATION_SPOOL_FILE=$DIR/donation-clicks.jsonl
STATIC_ROOT=$DIR/static
MEDIA_ROOT=$DIR/media
SERVE_MEDIA=true
FRONTEND_CACHE_VARNISH_URLS=http://$VARNISH
LOG_LEVEL=WARNING
EOF
}

# The stack's environment (and DATABASE_URL if given) as VAR=value words.
env_args() {
    local database=$1 line
    ENV_ARGS=()
    while IFS= read -r line; do ENV_ARGS+=("$line"); done <"$DIR/env"
    [ -z "$database" ] || ENV_ARGS+=("DATABASE_URL=$database")
}

with_env() {
    env_args "$1"
    shift
    env "${ENV_ARGS[@]}" "$@"
}

ensure_database() {
    local base=${DATABASE_URL_DEFAULT%/*} name=${DATABASE_URL_DEFAULT##*/}
    if ! psql "$base/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
        say "creating database $name"
        psql "$base/postgres" -qc "CREATE DATABASE \"$name\""
    fi
}

prepare() {
    say "migrating, loading the demo content, collecting static files (logs: var/stack/setup.log)"
    with_env "" "$PY" manage.py migrate --no-input >"$DIR/setup.log" 2>&1
    with_env "" "$PY" manage.py load_demo_content >>"$DIR/setup.log" 2>&1
    with_env "" "$PY" manage.py collectstatic --no-input >>"$DIR/setup.log" 2>&1
}

wait_for() {
    local url=$1 tries=${2:-60}
    for _ in $(seq "$tries"); do
        curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
        sleep 0.5
    done
    echo "stack: nothing answers $url (see var/stack/*.log)" >&2
    return 1
}

app_start() {
    local name=$1 database=${2:-}
    if [ "$name" = writer ]; then
        live_pid writer >/dev/null && return
        # Donate clicks queue in Redis; this stores them (README: Donations).
        env_args "$database"
        # Straight from `&`, so $! is the writer itself.
        env "${ENV_ARGS[@]}" nohup "$PY" "$ROOT/manage.py" replay_donation_clicks --every 5 \
            >>"$DIR/writer.log" 2>&1 </dev/null &
        echo $! >"$DIR/writer.pid"
        return
    fi
    local address
    address=$(app_address "$name")
    live_pid "app-$name" >/dev/null && return
    # Purges leave from the instance's own address: the one Varnish trusts.
    with_env "$database" env FRONTEND_CACHE_SOURCE_ADDRESS="${address%:*}" \
        "$ROOT/.venv/bin/gunicorn" ms_portal.wsgi:application \
        --bind "$address" --workers "$WORKERS" --daemon \
        --pid "$DIR/app-$name.pid" --pythonpath "$ROOT" \
        --forwarded-allow-ips 127.0.0.1 \
        --access-logfile "$DIR/app-$name.access.log" --error-logfile "$DIR/app-$name.log"
    wait_for "http://$address/livez"
}

app_kill() {
    local pid
    pid=$(live_pid "app-$1") || return 0
    # The master and its workers: gunicorn --daemon made them a process group
    # of their own.
    local group
    group=$(ps -o pgid= "$pid" | tr -d ' ')
    if [ "$group" != "$(ps -o pgid= $$ | tr -d ' ')" ]; then
        kill -9 -- "-$group"
    else
        kill -9 "$pid"
    fi
    rm -f "$DIR/app-$1.pid"
}

write_backends() {
    cat >"$DIR/backends.vcl" <<EOF
# Written by scripts/stack.sh: the two local app instances.
import directors;

backend app_a {
    .host = "${APP_A%:*}";
    .port = "${APP_A#*:}";
    .probe = live;
    .connect_timeout = 1s;
}

backend app_b {
    .host = "${APP_B%:*}";
    .port = "${APP_B#*:}";
    .probe = live;
    .connect_timeout = 1s;
}

# The app servers' own addresses, and nothing else.
acl purgers {
    "${APP_A%:*}";
    "${APP_B%:*}";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app_a);
    app.add_backend(app_b);
}

sub portal_backend {
    set req.backend_hint = app.backend();
}
EOF
}

varnish_start() {
    live_pid varnish >/dev/null && return
    write_backends
    local vcl_path="$DIR:$ROOT/deploy/varnish"
    varnishd -C -p vcl_path="$vcl_path" -f "$ROOT/deploy/varnish/default.vcl" >/dev/null 2>"$DIR/varnish-compile.log" || {
        cat "$DIR/varnish-compile.log" >&2
        exit 1
    }
    varnishd -n "$DIR/varnish" -a "$VARNISH" -T "$VARNISH_ADMIN" -S "$DIR/varnish.secret" \
        -p vcl_path="$vcl_path" -f "$ROOT/deploy/varnish/default.vcl" \
        -s malloc,256m -P "$DIR/varnish.pid" >"$DIR/varnish.log" 2>&1 || {
        cat "$DIR/varnish.log" >&2
        exit 1
    }
    wait_for "http://$VARNISH/livez"
}

start() {
    need_varnish
    [ -x "$PY" ] || make install
    need_services
    write_env
    ensure_database
    prepare
    app_start a
    app_start b
    app_start writer
    varnish_start
    echo
    echo "  Site (through Varnish):  http://$VARNISH/"
    echo "  App instance A:          http://$APP_A/"
    echo "  App instance B:          http://$APP_B/"
    echo "  varnishadm:              varnishadm -T $VARNISH_ADMIN -S var/stack/varnish.secret backend.list"
    echo "  Database, Redis:         $DATABASE_URL_DEFAULT  $REDIS_URL_DEFAULT"
    echo "  make stack-check to prove it; make stack-stop to stop it."
}

stop_pid() {
    local name=$1 pid
    pid=$(live_pid "$name") || {
        rm -f "$DIR/$name.pid"
        return 0
    }
    kill "$pid"
    for _ in $(seq 40); do
        [ -e "/proc/$pid" ] || break
        sleep 0.25
    done
    rm -f "$DIR/$name.pid"
    say "stopped $name ($pid)"
}

stop() {
    stop_pid varnish
    stop_pid writer
    stop_pid app-a
    stop_pid app-b
}

status() {
    for name in varnish app-a app-b writer; do
        if pid=$(live_pid "$name"); then echo "$name: running ($pid)"; else echo "$name: stopped"; fi
    done
}

case ${1:-} in
start) start ;;
stop) stop ;;
status) status ;;
app-kill) app_kill "${2:?a or b}" ;;
app-start)
    write_env
    if [ "${2:-}" = varnish ]; then varnish_start; else app_start "${2:?a, b, writer or varnish}" "${3:-}"; fi
    ;;
app-stop) stop_pid "${2:?name}" ;;
*)
    echo "usage: $0 start|stop|status|app-kill a|b|app-start a|b|writer [DATABASE_URL]|app-stop NAME" >&2
    exit 2
    ;;
esac
