package dev.mxcp.host.mcp;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the protocol core.
 *
 * @param serverName {@code serverInfo.name}
 * @param serverVersion {@code serverInfo.version}
 * @param instructions sent at initialize, or null
 * @param pageSize items per page of the list methods
 * @param clientTimeout how long a call waits for the client to answer a sampling or elicitation request
 * @param toolCallLimit the rate limit of {@code tools/call} per client ({@link RateLimit#OFF} for none)
 * @param requestState the key that signs 2026-07-28 {@code requestState} (null: a random one of this process)
 */
public record McpOptions(String serverName, String serverVersion, String instructions, int pageSize,
                         Duration clientTimeout, RateLimit toolCallLimit, RequestState requestState) {

    public McpOptions {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(serverVersion, "serverVersion");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
        }
        clientTimeout = clientTimeout == null ? Duration.ofMinutes(5) : clientTimeout;
        toolCallLimit = toolCallLimit == null ? RateLimit.DEFAULT : toolCallLimit;
        requestState = requestState == null ? RequestState.random() : requestState;
    }

    /** Defaults: 100 items per page, five minutes for client answers, {@link RateLimit#DEFAULT}. */
    public static McpOptions of(String serverName, String serverVersion) {
        return new McpOptions(serverName, serverVersion, null, 100, null, null, null);
    }

    /** A copy with another rate limit of tool calls. */
    public McpOptions withToolCallLimit(RateLimit limit) {
        return new McpOptions(serverName, serverVersion, instructions, pageSize, clientTimeout, limit, requestState);
    }

    /** A copy with another key for {@code requestState} (replicas behind one address share one). */
    public McpOptions withRequestState(RequestState key) {
        return new McpOptions(serverName, serverVersion, instructions, pageSize, clientTimeout, toolCallLimit, key);
    }
}
