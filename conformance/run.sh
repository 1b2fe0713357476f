#!/usr/bin/env bash
# Third-party clients against `mxcp serve`, for CI: installs the pinned npm packages from this folder's lock
# file (the official conformance suite, the TypeScript SDK, and Node 22 for them), serves the fixture project
# on 127.0.0.1 (a free port), runs every conformance scenario, then checks with the SDK client over HTTP and
# stdio that the fixtures exist and behave, and that examples-python lists and calls. Exits non-zero on any
# failure that is not listed, with its reason, in expected-failures.yml.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$here"

npm ci --no-audit --no-fund --loglevel=error
export PATH="$here/node_modules/.bin:$PATH" NODE_NO_WARNINGS=1
echo "conformance: node $(node --version)"

work="$(mktemp -d)"
export HOME="$work/home"            # no user configuration of the machine
mkdir -p "$HOME"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

# Starts `mxcp serve` on a free port for project $1; sets server_pid and url.
serve() {
    local log="$work/serve-$(basename "$1").log"
    : >"$log"
    "$root/mxcp" serve --project "$1" --port 0 --no-watch --poll-after-ms 200 2>"$log" &
    server_pid=$!
    for _ in $(seq 1 120); do
        url="$(sed -n 's/^mxcp: serving .* at \(http:[^ ]*\)$/\1/p' "$log")"
        [ -n "$url" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || { cat "$log"; echo "conformance: server died" >&2; exit 1; }
        sleep 0.5
    done
    cat "$log"; echo "conformance: server did not start" >&2; exit 1
}

# Stops the server with SIGTERM; it must exit by itself after draining.
stop() {
    kill -TERM "$server_pid"
    for _ in $(seq 1 60); do
        kill -0 "$server_pid" 2>/dev/null || { wait "$server_pid" 2>/dev/null || true; server_pid=""; return 0; }
        sleep 0.5
    done
    echo "conformance: server did not stop on SIGTERM" >&2; exit 1
}

passed=0 failed=0
check() { # name, command...
    local name="$1"; shift
    if "$@" >"$work/check.out" 2>&1; then
        passed=$((passed + 1)); echo "  PASS $name"
    else
        failed=$((failed + 1)); echo "  FAIL $name"; sed 's/^/    /' "$work/check.out" | tail -40
    fi
}

"$root/mxcp" --version >/dev/null   # builds the distribution if needed, outside the timed steps
serve "$here/fixtures"
echo "conformance: fixtures served at $url"

fixture_tools=test_simple_text,test_image_content,test_audio_content,test_embedded_resource,test_multiple_content_types,test_tool_with_logging,test_error_handling,test_tool_with_progress,test_sampling,test_elicitation,test_elicitation_sep1034_defaults,test_elicitation_sep1330_enums,json_schema_2020_12_tool,test_reconnection
check "conformance suite (all scenarios; expected failures: expected-failures.yml)" \
    timeout 900 conformance server --url "$url" --suite all --expected-failures "$here/expected-failures.yml" -o "$work/results"
sed -n '/=== SUMMARY ===/,$p' "$work/check.out" | sed 's/^/    /'
# The suite passes tools-call-simple-text and tools-call-error even without the tools; check them directly.
check "http: every fixture tool is listed" node client-check.mjs --url "$url" --list tools --expect-tools "$fixture_tools"
check "http: test_simple_text is not an error" node client-check.mjs --url "$url" --list none --call test_simple_text --expect-text "simple text response"
check "http: test_error_handling is an error" node client-check.mjs --url "$url" --list none --call test_error_handling --expect-tool-error
stop

stdio="$root/mxcp serve --transport stdio --no-watch --project"
check "stdio: every fixture tool is listed" node client-check.mjs --stdio "$stdio $here/fixtures" --list tools --expect-tools "$fixture_tools"
check "stdio: test_simple_text is not an error" node client-check.mjs --stdio "$stdio $here/fixtures" --list none --call test_simple_text --expect-text "simple text response"

example="$work/examples-python"
cp -r "$root/examples-python" "$example"
serve "$example"
check "http: examples-python lists and calls hello_world" node client-check.mjs --url "$url" --call hello_world --args '{"name":"MCP"}' --expect-text "Hello, MCP!"
stop
check "stdio: examples-python lists and calls hello_world" node client-check.mjs --stdio "$stdio $example" --call hello_world --args '{"name":"MCP"}' --expect-text "Hello, MCP!"
# A Python tool whose modules print at start-up: stdout must still carry nothing but the protocol.
check "stdio: examples-python runs a Python tool with logs and progress" node client-check.mjs --stdio "$stdio $example" \
    --list none --call analyze_data --args '{"department":"engineering"}' --progress --log-level debug --expect-text "Alice Martin"

echo "conformance: $passed passed, $failed failed"
[ "$failed" = 0 ]
