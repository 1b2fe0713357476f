package dev.mxcp.host.manager;

import dev.mxcp.host.base.MxcpException;
import java.time.Instant;

/**
 * A failure of a manager call, with a one-line message naming the server (and the key, for a bad config). The
 * {@link Kind} tells the failures apart; the guest bindings map the {@link Kind#invalidArgument() invalid
 * argument} kinds to Python's {@code ValueError}.
 */
public final class McpManagerException extends MxcpException {

    /** What went wrong. */
    public enum Kind {
        /** The server config is not JSON, has an unknown key or kind, or a bad value. */
        INVALID_CONFIG(true),
        /** No server has this id. */
        UNKNOWN_SERVER(true),
        /** A server with this id is deployed already. */
        DUPLICATE_SERVER(true),
        /** The request is not JSON or not an object with a string {@code method}. */
        INVALID_REQUEST(true),
        /** The manager is not started. */
        NOT_STARTED(false),
        /** The server answered with a JSON-RPC error. */
        RPC_ERROR(false),
        /** The tool ran and reported an error ({@code isError: true}). */
        TOOL_ERROR(false),
        /** No answer within the server's request timeout. */
        TIMEOUT(false),
        /** The server's circuit is open: the call failed fast, without a network call. */
        CIRCUIT_OPEN(false),
        /** The server could not be reached or answered something that is not MCP. */
        UNAVAILABLE(false);

        private final boolean invalidArgument;

        Kind(boolean invalidArgument) {
            this.invalidArgument = invalidArgument;
        }

        /** Whether the caller passed something wrong (a ValueError in Python), rather than the server failing. */
        public boolean invalidArgument() {
            return invalidArgument;
        }
    }

    private final Kind kind;
    private final String serverId;
    private final transient Integer rpcCode;
    private final transient Instant retryAt;

    McpManagerException(Kind kind, String serverId, String message) {
        this(kind, serverId, message, null, null, null);
    }

    McpManagerException(Kind kind, String serverId, String message, Integer rpcCode, Instant retryAt, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.serverId = serverId;
        this.rpcCode = rpcCode;
        this.retryAt = retryAt;
    }

    /** No answer from {@code config}'s server within {@code timeout}. */
    static McpManagerException timeout(ServerConfig config, String what, java.time.Duration timeout) {
        return new McpManagerException(Kind.TIMEOUT, config.id(), "Server '" + config.id() + "' timed out: " + what
                + " within " + Durations.text(timeout) + " (" + config.target().where() + ")");
    }

    static McpManagerException unavailable(ServerConfig config, String what, Throwable cause) {
        return new McpManagerException(Kind.UNAVAILABLE, config.id(), "Server '" + config.id() + "' is unavailable: "
                + what + " (" + config.target().where() + ")", null, null, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The server involved, or null when the failure concerns no single server. */
    public String serverId() {
        return serverId;
    }

    /** The JSON-RPC error code for {@link Kind#RPC_ERROR}, else null. */
    public Integer rpcCode() {
        return rpcCode;
    }

    /** When an open circuit lets a probe call through again ({@link Kind#CIRCUIT_OPEN}), else null. */
    public Instant retryAt() {
        return retryAt;
    }
}
