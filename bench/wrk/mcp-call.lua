-- wrk script: every request is one MCP tools/call over Streamable HTTP on an initialized session.
-- Environment: MCP_BODY (the JSON-RPC request), MCP_SESSION (session id, may be empty),
-- MCP_VERSION (protocol revision negotiated at initialize).
wrk.method = "POST"
wrk.body = os.getenv("MCP_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = os.getenv("MCP_VERSION") or "2025-11-25"
local session = os.getenv("MCP_SESSION")
if session ~= nil and session ~= "" then
  wrk.headers["Mcp-Session-Id"] = session
end

local errors = 0
response = function(status, headers, body)
  -- A JSON-RPC error or a tool error counts as a failed call, not as throughput.
  if status ~= 200 or string.find(body, '"error"') or string.find(body, '"isError":true') then
    errors = errors + 1
  end
end

done = function(summary, latency, requests)
  io.write(string.format("MCP_RESULT requests=%d errors=%d non2xx=%d p50_us=%d p99_us=%d duration_us=%d\n",
    summary.requests, errors, summary.errors.status, latency:percentile(50), latency:percentile(99),
    summary.duration))
end
