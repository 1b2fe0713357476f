#!/usr/bin/env bash
# The benchmark in one command (see BENCHMARKS.md): installs wrk and the pinned Node packages if missing,
# builds the distribution if needed, then on 127.0.0.1 only and with bounded durations measures tools/call
# throughput and latency (our tools, the TypeScript SDK's reference server, a bare Helidon route), the
# database ceiling, GraalPy vs CPython, cold start and memory, and writes a Markdown report.
# Usage: bench/run.sh [--smoke | --audit | --governance | --tracing | --manager | --scale-out | --profile] [--out FILE]
#   (default FILE: bench/out/report.md)
#   --smoke: a few seconds, for CI: cold start of the SQL-only project and a 2-second load on it.
#   --audit: only the SQL lookup tool with the audit log off, then on (MXCP_AUDIT_ENABLED=true), and the
#            log alone (bench/java/AuditWriterBench.java); prints the rows.
#   --governance: only the SQL lookup tool plain, then with policies, + the audit log, + bearer-token
#            authentication (a local OIDC issuer), back to back; prints the rows and their cost against plain.
#   --scale-out: only the scale-out rows (bench/scale-out.sh --rows): 1 vs 2 stateless replicas behind nginx,
#            and 2 with one killed mid-run (no call may fail).
#   --tracing: only the SQL lookup tool with telemetry off, then tracing to a collector that takes and
#            discards the spans (bench/java/OtlpSink.java), then to an endpoint that is down; prints the rows
#            and their cost against off.
#   --manager: only the MCP Manager's rows: the SQL lookup called directly, through the gateway of `mxcp serve`
#            and through McpManager.execute (bench/java/ManagerBench.java), an open circuit's fail-fast time and
#            health convergence after the upstream dies and comes back; prints the rows and the targets.
#   --profile: only the SQL lookup tool at 16 connections, with a JFR recording of the server's CPU time during
#            the load (JDK 25's CPU-time sampler, native frames included); prints where the time goes
#            (bench/profile.py) and keeps the recording as bench/out/sql-lookup.jfr.
# Environment: DURATION (seconds per load point, default 10), WARMUP (seconds, default 15: a server of guest
# code starts its first workers and compiles them in the background meanwhile), GUEST_WARMUP (seconds before
# a Python or JS row, default 90: on 2 cores the Graal compiler needs that long to compile the guest path; after
# 45 s it still took 40 % of the CPU and the Python lookup ran at 60 % of its steady rate).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/bench"
cd "$root"
. bin/jdk.sh

smoke=false
audit_only=false
governance_only=false
tracing_only=false
manager_only=false
profile_only=false
out="$bench/out/report.md"
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) smoke=true ;;
        --audit) audit_only=true ;;
        --governance) governance_only=true ;;
        --scale-out) exec "$bench/scale-out.sh" --rows ;;
        --tracing) tracing_only=true ;;
        --manager) manager_only=true ;;
        --profile) profile_only=true ;;
        --out) out="$2"; shift ;;
        *) echo "usage: bench/run.sh [--smoke | --audit | --governance | --tracing | --manager | --scale-out | --profile] [--out FILE]" >&2; exit 2 ;;
    esac
    shift
done
duration="${DURATION:-10}"
warmup="${WARMUP:-15}"
guest_warmup="${GUEST_WARMUP:-90}"
$smoke && duration=2
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# --- what the run needs ------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    echo "bench: installing wrk" >&2
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get install -y wrk >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y wrk >&2; }
fi
if ! $smoke && ! $audit_only && ! $governance_only && ! $tracing_only && ! $manager_only && ! $profile_only && [ ! "$bench/node_modules/.package-lock.json" -nt "$bench/package-lock.json" ]; then
    echo "bench: npm ci" >&2
    (cd "$bench" && npm ci --no-audit --no-fund >&2)
fi
./mxcp --version >/dev/null # builds the distribution when it is missing or stale
MXCP_JIT=on ./mxcp --version >/dev/null # and the Graal JIT's startup cache, so no cold start below trains it
cp="$root/host/target/dist/lib/*"
cores="$(nproc)"

url_of() { echo "http://127.0.0.1:$1/mcp"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
call_body() { echo '{"jsonrpc":"2.0","id":@ID@,"method":"tools/call","params":{"name":"'"$1"'","arguments":'"$2"'}}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
cpu_ticks() { local s; read -ra s < "/proc/$1/stat"; echo $(( s[13] + s[14] )); }
tick_hz="$(getconf CLK_TCK)"

# One MCP tools/call on a fresh session; succeeds only on a result that is not an error. With MCP_TOKEN set,
# every request of the bench (here, session.sh, wrk's script) carries it as a bearer token.
call_once() { # URL NAME ARGS
    local session
    session="$("$bench/wrk/session.sh" "$1" 2>/dev/null)" || return 1
    curl -sS -X POST "$1" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
        -H 'MCP-Protocol-Version: 2025-11-25' ${session:+-H "Mcp-Session-Id: $session"} \
        ${MCP_TOKEN:+-H "Authorization: Bearer $MCP_TOKEN"} \
        -d "$(call_body "$2" "$3" | sed 's/@ID@/2/')" 2>/dev/null | grep '"result"' | grep -vq '"isError" *: *true' || return 1
}
wait_for_call() { # URL NAME ARGS PID -> waits up to 120 s
    local deadline=$(( $(now_ms) + 120000 ))
    until call_once "$1" "$2" "$3"; do
        kill -0 "$4" 2>/dev/null || { echo "bench: server exited" >&2; return 1; }
        [ "$(now_ms)" -lt "$deadline" ] || { echo "bench: no successful call within 120 s" >&2; return 1; }
        sleep 0.02
    done
}

# wrk against URL for SECONDS at CONNS connections; appends a table row unless LABEL is empty.
results="$work/results.tsv"
load() { # LABEL URL BODY CONNS SECONDS SERVER_PID
    local label="$1" url="$2" body="$3" conns="$4" seconds="$5" server="$6" session before after line wrk_ticks
    session="$("$bench/wrk/session.sh" "$url")"
    before="$(cpu_ticks "$server")"
    # The subshell's cutime/cstime after wrk exits is wrk's own CPU time.
    line="$(MCP_SESSION="$session" MCP_BODY="$body" WRK_PIN="$wrk_pin" bash -c '
        $WRK_PIN wrk -t2 -c"$1" -d"$2"s --timeout 10s -s "$3" "$4" | grep "^MCP_"
        read -ra s < /proc/$$/stat; echo "WRK_TICKS $(( s[15] + s[16] ))"' _ "$conns" "$seconds" "$bench/wrk/mcp-call.lua" "$url")"
    after="$(cpu_ticks "$server")"
    [ -n "$label" ] || return 0
    echo "$line" | grep '^MCP_FIRST_ERROR' >&2 || true
    python3 - "$label" "$conns" "$tick_hz" "$((after - before))" "$line" >> "$results" <<'EOF'
import re, sys
label, conns, hz, server_ticks, text = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
r = dict(re.findall(r"(\w+)=(\d+)", text.split("MCP_RESULT", 1)[1].splitlines()[0]))
wrk_ticks = int(re.search(r"WRK_TICKS (\d+)", text).group(1))
secs = int(r["duration_us"]) / 1e6
ok = int(r["requests"]) - int(r["errors"])
print("\t".join([label, str(conns), f"{ok / secs:.0f}", f"{int(r['p50_us']) / 1000:.2f}", f"{int(r['p99_us']) / 1000:.2f}",
                 r["errors"], f"{100 * wrk_ticks / hz / secs:.0f}", f"{100 * server_ticks / hz / secs:.0f}"]))
EOF
    tail -n 1 "$results" >&2
}
load_all() { # LABEL URL BODY SERVER_PID [WARMUP]: warm-up, then 16 and 64 connections
    $smoke || load "" "$2" "$3" 16 "${5:-$warmup}" "$4"
    load "$1" "$2" "$3" 16 "$duration" "$4"
    $smoke || load "$1" "$2" "$3" 64 "$duration" "$4"
}

# Pinning, for the rows that give a process cores of its own: `taskset -c N` before wrk and before a server
# started meanwhile (a pinned JVM sees one CPU and sizes itself for it, as in a one-CPU container).
wrk_pin=""
server_pin=""
start_mxcp() { # DIR PORT LOG [ENV...] -> pid in $server
    local dir="$1" port="$2" log="$3" config=(); shift 3
    # A bench project's own user configuration turns the rate limit of tool calls off (ENV may override it).
    [ -f "$dir/mxcp-config.yml" ] && config=(MXCP_CONFIG="$dir/mxcp-config.yml")
    # shellcheck disable=SC2086 # $server_pin is a command prefix or nothing
    (cd "$dir" && exec env "${config[@]}" "$@" $server_pin "$root/mxcp" serve --port "$port" --no-watch >"$log" 2>&1) &
    server=$!
    pids+=("$server")
}
# Serves DIR on a free port and waits for a first call of TOOL to succeed (its log shown if none does).
serve_waiting() { # DIR LOG TOOL [ENV...] -> port in $port, pid in $server
    local dir="$1" log="$2" tool="$3"; shift 3
    port="$(free_port)"
    start_mxcp "$dir" "$port" "$log" "$@"
    wait_for_call "$(url_of "$port")" "$tool" '{"id":42}' "$server" || { cat "$log" >&2; return 1; }
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# A copy of bench/project with its SQL only: the rows of the SQL tool are measured on it, with no Python or
# JavaScript workers starting (and being compiled) in the background meanwhile, as a SQL-only project is served.
sql_only_copy() { # DIR
    rm -rf "$1" && cp -r "$bench/project" "$1"
    rm -rf "$1/python" "$1/js" "$1/tools/lookup_py.yml" "$1/tools/lookup_js.yml" "$1/tools/primes_py.yml"
}

# The SQL lookup with the audit log on (its records go to the copy's audit/).
audit_rows() {
    sql_only_copy "$work/audited"
    local port
    serve_waiting "$work/audited" "$work/audited.log" lookup_sql MXCP_AUDIT_ENABLED=true
    load_all "Audit log on: SQL lookup tool (lookup_sql)" "$(url_of "$port")" "$(call_body lookup_sql '{"id":42}')" "$server"
    stop "$server"
    echo "bench: audit records written: $(cat "$work"/audited/audit/*.jsonl | wc -l)" >&2
}

# The SQL lookup under governance, each row adding one layer to the one before, on copies of bench/project:
# plain; policies (an input rule that is evaluated and allows, an output rule that masks a field); the audit
# log; authentication (a bearer token from a real OIDC issuer on 127.0.0.1 checked on every request); tracing.
governance_rows() {
    local plain="$work/gov-plain" governed="$work/gov-governed" issuer_port issuer_url issuer_pid token
    sql_only_copy "$plain"
    sql_only_copy "$governed"
    cat >>"$governed/tools/lookup_sql.yml" <<'YAML'
  policies:
    input:
      - condition: "user.role == 'banned'"
        action: deny
        reason: "Banned users cannot look items up"
    output:
      - condition: "true"
        action: mask_fields
        fields: [name]
        reason: "Names are masked"
YAML
    governance_row "Governance: SQL lookup, plain" "$plain"
    governance_row "Governance: + policies" "$governed"
    governance_row "Governance: + policies + audit" "$governed" MXCP_AUDIT_ENABLED=true
    # the issuer of conformance/run.sh (mock-oauth2-server, from conformance/issuer/pom.xml's class path)
    "$root/bin/mvn" -B -ntp -q -o -f "$root/conformance/issuer/pom.xml" dependency:build-classpath \
        -Dmdep.outputFile="$work/issuer.cp" >&2
    issuer_port="$(free_port)"
    issuer_url="http://127.0.0.1:$issuer_port/default"
    SERVER_HOSTNAME=127.0.0.1 SERVER_PORT="$issuer_port" "$JAVA_HOME/bin/java" -cp "$(cat "$work/issuer.cp")" \
        no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt >"$work/issuer.log" 2>&1 &
    issuer_pid=$!; pids+=("$issuer_pid")
    token=""
    for _ in $(seq 1 120); do
        token="$(curl -sS -d grant_type=client_credentials -d client_id=bench -d client_secret=secret \
            -d scope=mxcp-bench "$issuer_url/token" 2>/dev/null \
            | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])' 2>/dev/null)" || true
        [ -n "$token" ] && break
        kill -0 "$issuer_pid" 2>/dev/null || { cat "$work/issuer.log" >&2; echo "bench: the issuer exited" >&2; return 1; }
        sleep 0.5
    done
    [ -n "$token" ] || { echo "bench: the issuer gave no token" >&2; return 1; }
    cat >>"$governed/mxcp-config.yml" <<YAML
projects:
  bench:
    profiles:
      bench:
        auth:
          provider: oidc
          mode: verifier
          oidc:
            config_url: $issuer_url/.well-known/openid-configuration
            audience: mxcp-bench
YAML
    MCP_TOKEN="$token" governance_row "Governance: + policies + audit + auth" "$governed" MXCP_AUDIT_ENABLED=true
    # every layer at once, the budget of issue 20: the same and every call traced, exported to a collector
    start_sink
    MCP_TOKEN="$token" governance_row "Governance: + policies + audit + auth + tracing" "$governed" \
        MXCP_AUDIT_ENABLED=true MXCP_TELEMETRY_ENABLED=true OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$sink_port"
    stop "$sink_pid"
    stop "$issuer_pid"
    # the layers ran: every audited call records the output rule's change, the authenticated ones their caller
    echo "bench: governed audit records: $(cat "$governed"/audit/*.jsonl | wc -l)," \
        "with policy_decision warn: $(cat "$governed"/audit/*.jsonl | grep -c '"policy_decision": *"warn"')," \
        "with the token's caller: $(cat "$governed"/audit/*.jsonl | grep -c '"user_id": *"bench"')" >&2
}
governance_row() { # LABEL DIR [ENV...]
    local label="$1" dir="$2" port; shift 2
    serve_waiting "$dir" "$work/governance.log" lookup_sql "$@" || return 1
    load_all "$label" "$(url_of "$port")" "$(call_body lookup_sql '{"id":42}')" "$server"
    # what telemetry made of the load (the tracing rows): spans dropped, by reason
    curl -sS "http://127.0.0.1:$port/metrics" 2>/dev/null | grep '^mxcp_telemetry_spans_dropped_total' \
        | sed "s/^/bench: $label: /" >&2 || true
    stop "$server"
}

# An OTLP/HTTP collector that takes spans and discards them (bench/java/OtlpSink.java) -> sink_port, sink_pid
start_sink() {
    sink_port="$(free_port)"
    "$JAVA_HOME/bin/java" -cp "$cp" "$bench/java/OtlpSink.java" "$sink_port" >"$work/sink.log" 2>&1 &
    sink_pid=$!; pids+=("$sink_pid")
    until grep -q OTLP_SINK "$work/sink.log"; do kill -0 "$sink_pid"; sleep 0.1; done
}

# The SQL lookup with telemetry off, then every call traced (5 spans: endpoint, input validation, execution
# engine, DuckDB query, output validation) and exported over OTLP/HTTP to a collector that takes and discards
# them, then to an endpoint where nothing listens (every export fails; the spans are counted as dropped).
# On an SQL-only copy of bench/project, like the governance rows.
tracing_rows() {
    local plain="$work/traced" down_port
    sql_only_copy "$plain"
    start_sink
    down_port="$(free_port)"
    governance_row "Tracing: SQL lookup, telemetry off" "$plain"
    governance_row "Tracing: on, to a collector" "$plain" MXCP_TELEMETRY_ENABLED=true \
        OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$sink_port"
    governance_row "Tracing: on, to an endpoint that is down" "$plain" MXCP_TELEMETRY_ENABLED=true \
        OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$down_port"
    stop "$sink_pid"
    echo "bench: the collector took: $(grep requests= "$work/sink.log" || echo '(no count)')" >&2
}

# The MCP Manager: an SQL-only copy of bench/project served as the upstream; its lookup called directly, through
# the gateway of a second `mxcp serve` (bench/cold-sql, its site file listing the upstream: up__lookup_sql), and
# through McpManager.execute from Java; the same direct and gateway rows with the upstream on CPU 0 and the
# gateway and wrk on CPU 1 (each server with a core of its own, as when the gateway runs on its own machine);
# bench/echo-js (a JavaScript tool that does next to no work) directly and through the gateway, for the
# gateway's own capacity; then an open circuit's fail-fast time and health convergence.
gateway_of() { # UPSTREAM_PORT GATEWAY_DIR: a small SQL project whose site file lists the upstream as `up`
    rm -rf "$2" && cp -r "$bench/cold-sql" "$2"
    printf 'gateway:\n  servers:\n    up: {url: "%s"}\n' "$(url_of "$1")" >>"$2/mxcp-site.yml"
}
manager_pair() { # LABEL_PREFIX UPSTREAM_DIR TOOL WARMUP PINNED: the direct row, then the row through a gateway
    local up_port up_pid port server server_pin="" wrk_pin=""
    if $5; then server_pin="taskset -c 0" wrk_pin="taskset -c 1"; fi
    serve_waiting "$2" "$work/mgr-upstream.log" "$3" || return 1
    up_port="$port" up_pid="$server"
    load_all "$1: direct call to the upstream ($3)" "$(url_of "$up_port")" "$(call_body "$3" '{"id":42}')" "$up_pid" "$4"
    gateway_of "$up_port" "$work/mgr-gateway"
    if $5; then server_pin="taskset -c 1"; fi
    serve_waiting "$work/mgr-gateway" "$work/mgr-gateway.log" "up__$3" || return 1
    load_all "$1: through the gateway (up__$3)" "$(url_of "$port")" "$(call_body "up__$3" '{"id":42}')" "$server"
    stop "$server"
    stop "$up_pid"
}
manager_rows() {
    local upstream="$work/mgr-upstream" port server
    sql_only_copy "$upstream"
    rm -rf "$work/mgr-converge" && cp -r "$upstream" "$work/mgr-converge" # served in-process by ManagerBench
    # A fresh upstream's first row would run before the JIT is done (on one pinned core most of all) and make the
    # direct call look slower than it is: its warm-up is three times the usual.
    manager_pair "Manager" "$upstream" lookup_sql "$((3 * warmup))" false
    manager_pair "Manager, own cores" "$upstream" lookup_sql "$((3 * warmup))" true
    rm -rf "$work/echo-js" && cp -r "$bench/echo-js" "$work/echo-js"
    manager_pair "Manager" "$work/echo-js" echo_js "$guest_warmup" false
    serve_waiting "$upstream" "$work/mgr-upstream.log" lookup_sql || return 1
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" "$bench/java/ManagerBench.java" \
        "$(url_of "$port")" lookup_sql '{"id":42}' "$duration" "$warmup" "$work/mgr-converge" 2>"$work/mgr-java.log" \
        >"$work/manager.txt" || { cat "$work/mgr-java.log" >&2; return 1; }
    stop "$server"
    grep -v '^MANAGER_' "$work/manager.txt" | tee -a "$results" >&2
    grep '^MANAGER_' "$work/manager.txt" | tee "$work/manager-facts.txt" >&2
}

# The SQL lookup at 16 connections with the server's CPU time recorded (JFR's CPU-time sampler) after the warm-up.
threads_of() { # PID -> "name|utime stime" per thread (the fields after the name, which may hold spaces)
    local t
    for t in /proc/"$1"/task/*; do echo "$(cat "$t/comm")|$(sed 's/.*) //' "$t/stat" | cut -d' ' -f12,13)"; done
}
profile_rows() {
    local port recording
    recording="$(dirname "$out")/sql-lookup.jfr"
    mkdir -p "$(dirname "$out")"
    sql_only_copy "$work/profiled"
    serve_waiting "$work/profiled" "$work/profile.log" lookup_sql
    load "" "$(url_of "$port")" "$(call_body lookup_sql '{"id":42}')" 16 "$warmup" "$server"
    threads_of "$server" > "$work/threads-before"
    "$JAVA_HOME/bin/jcmd" "$server" JFR.start name=bench settings=profile \
        'jdk.CPUTimeSample#enabled=true' 'jdk.CPUTimeSample#throttle=1ms' >/dev/null
    load "Profiled: SQL lookup tool (lookup_sql)" "$(url_of "$port")" "$(call_body lookup_sql '{"id":42}')" 16 "$duration" "$server"
    threads_of "$server" > "$work/threads-after"
    "$JAVA_HOME/bin/jcmd" "$server" JFR.stop name=bench filename="$recording" >/dev/null
    stop "$server"
    python3 "$bench/profile.py" "$recording" "$work/threads-before" "$work/threads-after" > "$work/profile.md"
}

if $profile_only; then
    (cd "$bench/project" && "$root/mxcp" query --file sql/setup.sql >/dev/null)
    profile_rows
    cat "$results" "$work/profile.md"
    exit 0
fi

if $manager_only; then
    (cd "$bench/project" && "$root/mxcp" query --file sql/setup.sql >/dev/null)
    manager_rows
    python3 "$bench/report.py" --manager "$results" "$work/manager-facts.txt"
    exit 0
fi

if $governance_only; then
    (cd "$bench/project" && "$root/mxcp" query --file sql/setup.sql >/dev/null)
    governance_rows
    python3 "$bench/report.py" --governance "$results"
    exit 0
fi

if $tracing_only; then
    (cd "$bench/project" && "$root/mxcp" query --file sql/setup.sql >/dev/null)
    tracing_rows
    python3 "$bench/report.py" --tracing "$results"
    exit 0
fi

if $audit_only; then
    (cd "$bench/project" && "$root/mxcp" query --file sql/setup.sql >/dev/null)
    serve_waiting "$bench/project" "$work/serve.log" lookup_sql
    load_all "SQL lookup tool (lookup_sql)" "$(url_of "$port")" "$(call_body lookup_sql '{"id":42}')" "$server"
    stop "$server"
    audit_rows
    # the audit log alone: the calling thread's cost of recording a call (redaction, JSON, the write), and records/s
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" "$bench/java/AuditWriterBench.java" \
        "$bench/project" 50000 | grep AUDIT_WRITER
    printf 'target\tconnections\tcalls/s\tp50 ms\tp99 ms\terrors\twrk CPU %%\tserver CPU %%\n'
    cat "$results"
    exit 0
fi

# --- cold start: launching `mxcp serve` -> first successful tools/call ---------------------------------
cold() { # DIR TOOL ARGS [ENV...] -> milliseconds
    local dir="$1" tool="$2" args="$3" port start ms; shift 3
    port="$(free_port)"
    start="$(now_ms)"
    start_mxcp "$dir" "$port" "$work/cold.log" "$@"
    wait_for_call "$(url_of "$port")" "$tool" "$args" "$server" || { cat "$work/cold.log" >&2; exit 1; }
    ms=$(( $(now_ms) - start ))
    stop "$server"
    echo "$ms"
}
cold_sql="$(cold "$bench/cold-sql" echo_sql '{"id":1}')"
echo "bench: cold start, SQL-only project: $cold_sql ms" >&2

if $smoke; then
    serve_waiting "$bench/cold-sql" "$work/serve.log" echo_sql
    load smoke "$(url_of "$port")" "$(call_body echo_sql '{"id":42}')" 16 "$duration" "$server"
    stop "$server"
    awk -F'\t' '$3 > 0 && $6 == 0 {ok=1} END {exit !ok}' "$results" || { echo "bench --smoke: FAILED" >&2; exit 1; }
    echo "bench --smoke: ok (cold start ${cold_sql} ms; $(cut -f3 "$results") calls/s)"
    exit 0
fi

cold_py="$(cold "$root/examples-python" personalized_greeting '{"name":"Ada"}' \
    MXCP_CONFIG="$root/examples-python/mxcp-config.yml" EXAMPLE_API_KEY=demo-key-123)"
echo "bench: cold start, examples-python: $cold_py ms" >&2
# The same without the Graal JIT (MXCP_JIT=off: the startup cache, guests interpreted).
cold_py_nojit="$(cold "$root/examples-python" personalized_greeting '{"name":"Ada"}' MXCP_JIT=off \
    MXCP_CONFIG="$root/examples-python/mxcp-config.yml" EXAMPLE_API_KEY=demo-key-123)"
echo "bench: cold start, examples-python, MXCP_JIT=off: $cold_py_nojit ms" >&2

# --- load on our server ------------------------------------------------------------------------------
(cd "$bench/project" && "$root/mxcp" query --file sql/setup.sql >/dev/null)
# the SQL tool, served as a SQL-only project is
sql_only_copy "$work/sql-only"
serve_waiting "$work/sql-only" "$work/serve-sql.log" lookup_sql
url="$(url_of "$port")"
curl -sS -X POST "$url" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H 'MCP-Protocol-Version: 2025-11-25' -H "Mcp-Session-Id: $("$bench/wrk/session.sh" "$url")" \
    -d "$(call_body lookup_sql '{"id":42}' | sed 's/@ID@/1/')" > "$work/response.json"
load_all "SQL lookup tool (lookup_sql)" "$url" "$(call_body lookup_sql '{"id":42}')" "$server"
sql_rss="$(rss_mb "$server")"
stop "$server"
# the guest tools, on the whole project (served with the Graal JIT)
port="$(free_port)"
start_mxcp "$bench/project" "$port" "$work/serve.log"
mxcp_pid="$server"
url="$(url_of "$port")"
for tool in lookup_py lookup_js; do wait_for_call "$url" "$tool" '{"id":42}' "$mxcp_pid"; done
load_all "Python lookup tool (lookup_py, db.execute)" "$url" "$(call_body lookup_py '{"id":42}')" "$mxcp_pid" "$guest_warmup"
load_all "JavaScript lookup tool (lookup_js, db.execute)" "$url" "$(call_body lookup_js '{"id":42}')" "$mxcp_pid" "$guest_warmup"
load_all "Python CPU-bound tool (primes_py, limit 2000)" "$url" "$(call_body primes_py '{"limit":2000}')" "$mxcp_pid" "$guest_warmup"
rss="$(rss_mb "$mxcp_pid")"
stop "$mxcp_pid"
audit_rows
governance_rows
tracing_rows
manager_rows

# --- the peer: the TypeScript SDK's reference server, its echo tool --------------------------------------
port="$(free_port)"
(cd "$bench" && PORT="$port" exec node_modules/.bin/node \
    node_modules/@modelcontextprotocol/server-everything/dist/index.js streamableHttp >"$work/peer.log" 2>&1) &
peer=$!; pids+=("$peer")
wait_for_call "$(url_of "$port")" echo '{"message":"hello"}' "$peer"
load_all "Peer: server-everything echo (TypeScript SDK)" "$(url_of "$port")" "$(call_body echo '{"message":"hello"}')" "$peer"
peer_rss="$(rss_mb "$peer")"
stop "$peer"

# --- the DuckDB peer: the same SQL lookup, TypeScript SDK + DuckDB's Node binding (bench/peer-duckdb) -----
port="$(free_port)"
(cd "$bench" && PORT="$port" exec node_modules/.bin/node peer-duckdb/server.mjs project/sql/setup.sql \
    >"$work/duckdb-peer.log" 2>&1) &
duckdb_peer=$!; pids+=("$duckdb_peer")
wait_for_call "$(url_of "$port")" lookup_sql '{"id":42}' "$duckdb_peer"
load_all "DuckDB peer: lookup_sql (TypeScript SDK + @duckdb/node-api)" "$(url_of "$port")" \
    "$(call_body lookup_sql '{"id":42}')" "$duckdb_peer"
duckdb_peer_rss="$(rss_mb "$duckdb_peer")"
stop "$duckdb_peer"

# --- the ceilings --------------------------------------------------------------------------------------
port="$(free_port)"
"$JAVA_HOME/bin/java" -cp "$cp" "$bench/java/BareHelidon.java" "$port" "$work/response.json" >"$work/bare.log" 2>&1 &
bare=$!; pids+=("$bare")
until grep -q BARE_HELIDON "$work/bare.log"; do kill -0 "$bare"; sleep 0.1; done
load_all "Ceiling: bare Helidon SE route, same response bytes" "$(url_of "$port")" "$(call_body lookup_sql '{"id":42}')" "$bare"
stop "$bare"

db="$bench/project/data/db-bench.duckdb"
ceiling() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" "$bench/java/DbCeiling.java" "$db" "$duration" "$@" \
    | sed -n 's/.*lookups_per_s=\([0-9]*\).*/\1/p'; }
db_ceiling="$(ceiling)"
db_ceiling_t1="$(ceiling 'SET threads = 1')"
echo "bench: DB ceiling $db_ceiling lookups/s (DuckDB threads=1: $db_ceiling_t1)" >&2

# --- GraalPy vs CPython (the in-process benchmark of bench/python) --------------------------------------
bench/python/run.sh 20000 > "$work/python.txt" 2>&1
speedup="$(sed -n 's/.*speed-up of GraalPy over CPython: \([0-9.]*\)x.*/\1/p' "$work/python.txt")"

# --- GraalJS vs Node (the in-process benchmark of bench/js; Node is the system's) -------------------------
bench/js/run.sh 10000 > "$work/js.txt" 2>&1
js_ratio="$(sed -n 's/.*GraalJS time \/ Node time: \([0-9.]*\)x.*/\1/p' "$work/js.txt")"

# --- where the SQL tool's time goes (the --profile run) ---------------------------------------------------
profile_rows

# --- the report ------------------------------------------------------------------------------------------
mkdir -p "$(dirname "$out")"
python3 "$bench/report.py" "$results" "$work/python.txt" "$work/js.txt" "$work/manager-facts.txt" "$work/profile.md" >"$out" <<EOF
date=$(date -u +%Y-%m-%dT%H:%MZ)
cores=$cores
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)
memory=$(free -g | awk '/^Mem/ {print $2}') GiB
jdk=$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)
node=$("$bench/node_modules/.bin/node" --version)
cpython=$(python3 --version)
wrk=$(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)
duration=$duration
warmup=$warmup
guest_warmup=$guest_warmup
cold_sql=$cold_sql
cold_py=$cold_py
cold_py_nojit=$cold_py_nojit
rss=$rss
sql_rss=$sql_rss
peer_rss=$peer_rss
duckdb_peer_rss=$duckdb_peer_rss
db_ceiling=$db_ceiling
db_ceiling_t1=$db_ceiling_t1
speedup=$speedup
js_ratio=$js_ratio
workers=$cores
db_pool=$(( cores > 2 ? cores : 2 ))
EOF
echo "bench: report written to $out" >&2
