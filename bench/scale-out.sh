#!/usr/bin/env bash
# Scale-out on one machine (README, "Scale-out"): two stateless replicas (`mxcp serve --stateless --readonly`
# on one shared DuckDB file) behind nginx, all on 127.0.0.1. Runs a bounded load of modern-era (2026-07-28)
# tools/call requests through one replica, then through both, then through both again while one replica
# gets SIGKILL mid-run; nginx retries the calls that the dead replica did not answer on the other one, so no
# call may fail. Also one MRTR round trip whose retry goes to the other replica (when the server answers
# InputRequiredResult). Prints the figures; exits 1 if a call failed.
# nginx comes from Debian's package, unpacked (not installed) into ~/.cache/mxcp-bench on the first run.
# Usage: bench/scale-out.sh [--rows]   (--rows: print only the Markdown table, for bench/run.sh --scale-out)
# Environment: CALLS (per load, default 4000), CONCURRENCY (connections, default 8).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/bench"
cd "$root"
. bin/jdk.sh

rows_only=false
[ "${1:-}" = "--rows" ] && rows_only=true
calls="${CALLS:-4000}"
concurrency="${CONCURRENCY:-8}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/mxcp-bench"
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
say() { echo "scale-out: $*" >&2; }

# --- nginx: the system's, else Debian's package unpacked into the cache ---------------------------------
nginx="$(command -v nginx || true)"
if [ -z "$nginx" ]; then
    nginx="$cache/nginx/usr/sbin/nginx"
    if [ ! -x "$nginx" ]; then
        say "fetching Debian's nginx package into $cache"
        mkdir -p "$cache"
        (cd "$cache" && apt-get download nginx >&2 2>/dev/null) \
            || { say "apt-get download nginx failed: run 'sudo apt-get update' once, then again"; exit 1; }
        dpkg-deb -x "$(ls -t "$cache"/nginx_*.deb | head -1)" "$cache/nginx"
    fi
fi
./mxcp --version >/dev/null # builds the distribution when it is missing or stale

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
load() { "$JAVA_HOME/bin/java" -cp "$root/host/target/dist/lib/*" "$bench/java/ScaleOutLoad.java" "$@"; }

# --- the project: one database file, written once, then opened read-only by every replica ---------------
project="$work/project"
cp -r "$bench/scale-out/project" "$project"
export MXCP_CONFIG="$project/mxcp-config.yml"
(cd "$project" && "$root/mxcp" query --file sql/setup.sql >/dev/null)

# One requestState key for all replicas, so that an MRTR retry verifies on whichever replica it reaches.
MXCP_REQUEST_STATE_KEY="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
export MXCP_REQUEST_STATE_KEY

start_replica() { # NAME -> sets port_NAME, pid_NAME
    local port; port="$(free_port)"
    (cd "$project" && exec "$root/mxcp" serve --stateless --readonly --no-watch --port "$port" >"$work/$1.log" 2>&1) &
    pids+=($!)
    printf -v "port_$1" %s "$port"; printf -v "pid_$1" %s "$!"
    disown "$!" # its SIGKILL below is on purpose: no "Killed" line from the shell
}
wait_ready() { # NAME PORT PID: /health answers and a call succeeds, within 120 s
    local deadline=$(( SECONDS + 120 ))
    until curl -sf "http://127.0.0.1:$2/health" >/dev/null && load load "http://127.0.0.1:$2/mcp" 1 1 >/dev/null 2>&1; do
        kill -0 "$3" 2>/dev/null || { say "replica $1 exited:"; cat "$work/$1.log" >&2; exit 1; }
        [ $SECONDS -lt $deadline ] || { say "replica $1 not ready after 120 s"; exit 1; }
        sleep 0.5
    done
}
start_balancer() { # NAME PORT... -> sets lb_NAME (the balancer's port)
    local name="$1" dir="$work/$1" port servers=""; shift
    port="$(free_port)"
    for p in "$@"; do servers+="server 127.0.0.1:$p max_fails=1 fail_timeout=10s; "; done
    mkdir -p "$dir"
    sed -e "s|@PREFIX@|$dir|g" -e "s|@LISTEN@|$port|" -e "s|@SERVERS@|$servers|" "$bench/scale-out/nginx.conf" >"$dir/nginx.conf"
    "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
    pids+=($!)
    until curl -s -o /dev/null "http://127.0.0.1:$port/health"; do kill -0 "$!" || { cat "$dir/error.log" >&2; exit 1; }; sleep 0.1; done
    printf -v "lb_$name" %s "$port"
}
figure() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }

say "starting replicas a and b"
start_replica a
start_replica b
wait_ready a "$port_a" "$pid_a"
wait_ready b "$port_b" "$pid_b"
start_balancer one "$port_a"
start_balancer two "$port_a" "$port_b"

# --- MRTR: the first leg on replica a, the retry on replica b ------------------------------------------
mrtr="$(load mrtr "http://127.0.0.1:$port_a/mcp" "http://127.0.0.1:$port_b/mcp" confirm)" || { echo "$mrtr" >&2; exit 1; }
say "$mrtr"

# --- throughput: 1 replica, then 2, behind the same balancer configuration -----------------------------
say "warming up both replicas"
load load "http://127.0.0.1:$lb_two/mcp" "$calls" "$concurrency" >/dev/null
say "load: $calls calls over $concurrency connections, 1 replica"
one="$(load load "http://127.0.0.1:$lb_one/mcp" "$calls" "$concurrency")"
say "$one"
say "load: $calls calls over $concurrency connections, 2 replicas"
two="$(load load "http://127.0.0.1:$lb_two/mcp" "$calls" "$concurrency")"
say "$two"

# --- failover: replica b gets SIGKILL after a third of the calls ---------------------------------------
say "load: $calls calls, 2 replicas, replica b killed (SIGKILL) after $(( calls / 3 )) calls"
killed="$(load load "http://127.0.0.1:$lb_two/mcp" "$calls" "$concurrency" "$pid_b" $(( calls / 3 )))"
say "$killed"
kill -0 "$pid_b" 2>/dev/null && { say "replica b is still running: the kill did not happen"; exit 1; }
# what nginx saw of the dead replica: each line is a request it moved to the other replica (or a probe of b)
retried="$(grep -c 'upstream' "$work/two/error.log" || true)"
say "nginx logged $retried upstream errors on replica b and passed those requests to replica a"

table() {
    echo "| replicas behind nginx | calls | failures | seconds | calls/s |"
    echo "|---|---:|---:|---:|---:|"
    for row in "1|$one" "2|$two" "2, one killed mid-run|$killed"; do
        local line="${row#*|}"
        echo "| ${row%%|*} | $(figure calls <<<"$line") | $(figure failures <<<"$line") | $(figure seconds <<<"$line") | $(figure calls_per_s <<<"$line") |"
    done
}
if $rows_only; then
    table
else
    echo "Scale-out: $(nproc) cores, $concurrency connections, modern-era tools/call of lookup_sql (SQL, read-only DuckDB)"
    table
    echo "nginx logged $retried upstream errors on the killed replica; those requests were retried on the other"
    echo "$mrtr"
fi
failures=$(( $(figure failures <<<"$one") + $(figure failures <<<"$two") + $(figure failures <<<"$killed") ))
[ "$failures" -eq 0 ] || { say "$failures calls failed"; exit 1; }
