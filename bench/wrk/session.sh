#!/usr/bin/env bash
# Usage: session.sh URL -> prints the Mcp-Session-Id of a freshly initialized session (empty if stateless).
# Environment: MCP_TOKEN, when set, is sent as a bearer token.
set -euo pipefail
url="$1"
headers=$(mktemp)
curl -sS -D "$headers" -o /dev/null -X POST "$url" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    ${MCP_TOKEN:+-H "Authorization: Bearer $MCP_TOKEN"} \
    -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"mxcp-bench","version":"1"}}}'
session=$(tr -d '\r' < "$headers" | awk -F': ' 'tolower($1)=="mcp-session-id"{print $2}')
rm -f "$headers"
curl -sS -o /dev/null -X POST "$url" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H 'MCP-Protocol-Version: 2025-11-25' ${session:+-H "Mcp-Session-Id: $session"} \
    ${MCP_TOKEN:+-H "Authorization: Bearer $MCP_TOKEN"} \
    -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
echo "$session"
