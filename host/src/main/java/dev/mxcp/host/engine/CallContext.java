package dev.mxcp.host.engine;

import dev.mxcp.guest.ClientChannel;
import dev.mxcp.host.db.CallerContext;

/**
 * Everything a single endpoint call carries besides its arguments: who calls (for SQL's
 * {@code get_username()} and guests' user accessors), where the call's logs, progress and client requests
 * go, and its cancellation (running work registers a hook that interrupts it).
 */
public record CallContext(CallerContext caller, ClientChannel channel, Cancellation cancellation) {

    private static final ClientChannel LOG = ClientChannel.logging("dev.mxcp.endpoint");

    public CallContext {
        caller = caller == null ? CallerContext.NONE : caller;
        channel = channel == null ? LOG : channel;
        cancellation = cancellation == null ? Cancellation.NONE : cancellation;
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
