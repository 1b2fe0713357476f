-- wrk script: every request is one MCP tools/call over Streamable HTTP on an initialized session.
-- Environment: MCP_BODY (the JSON-RPC request; "@ID@" in it is replaced by a request id unique across wrk's
-- threads, since a session refuses an id already in progress), MCP_SESSION (session id, may be empty),
-- MCP_VERSION (protocol revision negotiated at initialize), MCP_TOKEN (sent as a bearer token when set).
local template = os.getenv("MCP_BODY")
local session = os.getenv("MCP_SESSION")
local version = os.getenv("MCP_VERSION") or "2025-11-25"
local token = os.getenv("MCP_TOKEN")

-- Main state: each thread gets its own Lua state, so give it a number and collect its counters at the end.
local threads = {}
local next_thread = 0
setup = function(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

-- Thread states.
local counter = 0
local headers = {
  ["Content-Type"] = "application/json",
  ["Accept"] = "application/json, text/event-stream",
  ["MCP-Protocol-Version"] = version,
}
if session ~= nil and session ~= "" then
  headers["Mcp-Session-Id"] = session
end
if token ~= nil and token ~= "" then
  headers["Authorization"] = "Bearer " .. token
end
errors = 0
first_error = nil

request = function()
  counter = counter + 1
  local id = tostring((thread_id or 0) * 1000000000 + counter)
  return wrk.format("POST", nil, headers, (template:gsub("@ID@", id)))
end

response = function(status, hdrs, body)
  -- A JSON-RPC error or a tool error counts as a failed call, not as throughput.
  if status ~= 200 or string.find(body, '"error"', 1, true) or string.find(body, '"isError":true', 1, true) then
    errors = errors + 1
    if first_error == nil then
      first_error = status .. " " .. string.sub(body, 1, 200)
    end
  end
end

done = function(summary, latency, requests)
  local total = 0
  local sample = nil
  for _, thread in ipairs(threads) do
    total = total + thread:get("errors")
    sample = sample or thread:get("first_error")
  end
  io.write(string.format("MCP_RESULT requests=%d errors=%d non2xx=%d p50_us=%d p99_us=%d duration_us=%d\n",
    summary.requests, total, summary.errors.status, latency:percentile(50), latency:percentile(99),
    summary.duration))
  if sample ~= nil then
    io.write("MCP_FIRST_ERROR " .. string.gsub(sample, "\n", " ") .. "\n")
  end
end
