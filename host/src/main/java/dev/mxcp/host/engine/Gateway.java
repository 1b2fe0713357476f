package dev.mxcp.host.engine;

import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.endpoint.Endpoint;
import java.util.List;
import java.util.Map;

/**
 * Endpoints of other MCP servers served beside the project's own (the MCP Manager's gateway,
 * {@link ProjectRuntime#serveGateway}). Its endpoints are found, listed, policed, audited, traced and metered like
 * any served endpoint; only running one is the gateway's: it forwards the call to the server the endpoint came from.
 */
public interface Gateway {

    /**
     * The endpoints to serve now, the most important first: where two share a name (or a resource URI) the
     * first wins, and the project's own endpoints win over all of them.
     */
    List<Endpoint> endpoints();

    /** Whether {@code endpoint} is one of this gateway's (it runs them; the engine runs every other). */
    boolean serves(Endpoint endpoint);

    /**
     * Runs one of this gateway's endpoints with the converted arguments: a tool's {@link CallResult.Rich}, a
     * resource's {@link CallResult.Value} (resource contents), a prompt's {@link CallResult.Messages}.
     *
     * @throws dev.mxcp.host.base.MxcpException with one line naming the server when the call fails
     */
    CallResult call(Endpoint endpoint, Map<String, Object> arguments, CallContext context);

    /**
     * Calls {@code listener} whenever {@link #endpoints()} may have changed (servers came or went), until the
     * returned subscription is closed.
     */
    ProjectRuntime.Subscription onChange(Runnable listener);
}
