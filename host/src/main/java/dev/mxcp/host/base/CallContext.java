package dev.mxcp.host.base;

import dev.mxcp.guest.ClientChannel;
import java.util.Map;

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
     *
     * @param traceContext the caller's W3C trace context ({@code traceparent}, {@code tracestate}) from the
     *                     request's {@code _meta} (2026-07-28); empty when it carries none (an HTTP request's
     *                     {@code traceparent} header is then used)
     */
    public record Origin(String callerType, String sessionId, Map<String, String> traceContext) {
        /** A call through the embedding API ({@code Mxcp.call}). */
        public static final Origin API = new Origin("api", null);

        public Origin {
            traceContext = traceContext == null ? Map.of() : Map.copyOf(traceContext);
        }

        public Origin(String callerType, String sessionId) {
            this(callerType, sessionId, Map.of());
        }
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
