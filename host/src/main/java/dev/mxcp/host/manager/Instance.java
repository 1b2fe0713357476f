package dev.mxcp.host.manager;

import com.fasterxml.jackson.databind.JsonNode;

/** One instance of a server that requests are balanced over: an MCP session, remote or in-process. */
interface Instance {

    /**
     * Sends a request (initializing the session first if needed) and returns the server's JSON-RPC response
     * message, a result or an error; throws a TIMEOUT or UNAVAILABLE {@link McpManagerException} when the server
     * does not answer in time or answers no MCP.
     */
    JsonNode request(String method, JsonNode params, Deadline deadline);

    /** Ends the session, best effort. */
    void close();
}
