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
 */
public record McpOptions(String serverName, String serverVersion, String instructions, int pageSize,
                         Duration clientTimeout, RateLimit toolCallLimit) {

    public McpOptions {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(serverVersion, "serverVersion");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
        }
        clientTimeout = clientTimeout == null ? Duration.ofMinutes(5) : clientTimeout;
        toolCallLimit = toolCallLimit == null ? RateLimit.DEFAULT : toolCallLimit;
    }

    /** Defaults: 100 items per page, five minutes for client answers, {@link RateLimit#DEFAULT}. */
    public static McpOptions of(String serverName, String serverVersion) {
        return new McpOptions(serverName, serverVersion, null, 100, null, null);
    }

    /** A copy with another rate limit of tool calls. */
    public McpOptions withToolCallLimit(RateLimit limit) {
        return new McpOptions(serverName, serverVersion, instructions, pageSize, clientTimeout, limit);
    }
}
