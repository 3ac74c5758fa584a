#!/usr/bin/env bash
# make drill. The drill stops what it started and drops its cluster however it
# ends; this trap also covers a drill that was itself killed outright: it ends
# the processes named in var/drill/*.pid (only the drill's own) and drops the
# cluster.
set -uo pipefail
cd "$(dirname "$0")/../.."

cleanup() {
    for pidfile in $(find var/drill -name '*.pid' 2>/dev/null); do
        kill "$(cat "$pidfile")" 2>/dev/null
    done
    scripts/throwaway-postgres.sh drop drill >/dev/null 2>&1
}
trap cleanup EXIT
.venv/bin/python -m scripts.drill
