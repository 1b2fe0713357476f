package dev.mxcp.host.base;

import dev.mxcp.guest.ClientChannel;

/**
 * Everything a single endpoint call carries besides its arguments: who calls (for SQL's
 * {@code get_username()} and guests' user accessors), where the call's logs, progress and client requests
 * go, and its cancellation (running work registers a hook that interrupts it). The one context of a call: the
 * engine, the guest bridge and the database all see this object, and cancelling it reaches SQL and guests alike.
 */
public record CallContext(CallerContext caller, ClientChannel channel, Cancellation cancellation, Origin origin) {

    /**
     * Where a served call came from, for its audit record: MXCP's {@code caller_type} ("http", "stdio" or
     * "api") and the MCP session id (null outside a session). Calls without an origin ({@code mxcp run},
     * {@code mxcp test}, the host's own) are not audited, as in MXCP.
     */
    public record Origin(String callerType, String sessionId) {
        /** A call through the embedding API ({@code Mxcp.call}). */
        public static final Origin API = new Origin("api", null);
    }

    private static final ClientChannel LOG = ClientChannel.logging("dev.mxcp.endpoint");

    /** The host's own calls of guest code (completion hooks): no caller, logs to the host's log, not cancellable. */
    public static final CallContext HOST = new CallContext(null, ClientChannel.logging("dev.mxcp.guest"), null, null);

    public CallContext {
        caller = caller == null ? CallerContext.NONE : caller;
        channel = channel == null ? LOG : channel;
        cancellation = cancellation == null ? Cancellation.NONE : cancellation;
    }

    /** A call that is not audited. */
    public CallContext(CallerContext caller, ClientChannel channel, Cancellation cancellation) {
        this(caller, channel, cancellation, null);
    }

    /** A call that cannot be cancelled. */
    public CallContext(CallerContext caller, ClientChannel channel) {
        this(caller, channel, null);
    }

    /** A call outside any protocol session: the given caller, logs to the host's log. */
    public static CallContext of(CallerContext caller) {
        return new CallContext(caller, null, null);
    }
}
