package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.guest.ClientChannel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's conversation with the server: what initialize negotiated, the log level it set, its
 * subscriptions, its requests in flight (so {@code notifications/cancelled} can reach them), the requests
 * this server sent it and awaits answers to, and its own stream for messages unrelated to any request.
 */
public final class Session {

    /** Where a session is in its lifecycle. */
    public enum State { NEW, INITIALIZED, READY, CLOSED }

    private final String id;
    private final boolean persistent;
    /** The session's own bucket of tool calls, or a client address's shared one (stateless), or null (no limit). */
    private final ToolCallThrottle toolCalls;
    private volatile State state = State.NEW;
    private volatile String protocolVersion;
    private volatile ObjectNode clientCapabilities;
    private volatile ClientChannel.Level logLevel = ClientChannel.Level.INFO;
    private volatile Sender standalone;
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final Map<String, RequestChannel> inFlight = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonRpc.Response>> awaiting = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private volatile long lastUsed = System.nanoTime();
    private volatile String owner;

    Session(String id, boolean persistent, ToolCallThrottle toolCalls) {
        this.id = id;
        this.persistent = persistent;
        this.toolCalls = toolCalls;
    }

    /**
     * Ties the session to the authenticated caller that opened it (an issuer and subject), so that another
     * caller's token cannot take it over by its id. Set once, before the id is handed out.
     */
    public void bindOwner(String subject) {
        owner = subject;
    }

    /** Whether {@code subject} may use this session: its owner, or anyone for a session opened without auth. */
    public boolean usableBy(String subject) {
        return owner == null || owner.equals(subject);
    }

    /** The session id (sent as {@code MCP-Session-Id}); random and unguessable. */
    public String id() {
        return id;
    }

    /**
     * Whether the session outlives a request: false for the throwaway sessions of stateless HTTP, which
     * cannot receive answers to server-to-client requests.
     */
    public boolean persistent() {
        return persistent;
    }

    public State state() {
        return state;
    }

    /** The negotiated revision, or null before initialize. */
    public String protocolVersion() {
        return protocolVersion;
    }

    /**
     * Makes a session that skipped initialize usable (stateless HTTP, where each request stands alone).
     *
     * @param version the revision the request's header names
     */
    public void assume(String version) {
        protocolVersion = version;
        clientCapabilities = dev.mxcp.host.json.Json.MAPPER.createObjectNode();
        state = State.READY;
    }

    void initialized(String version, ObjectNode capabilities) {
        protocolVersion = version;
        clientCapabilities = capabilities;
        state = State.INITIALIZED;
    }

    void ready() {
        if (state == State.INITIALIZED) {
            state = State.READY;
        }
    }

    /** Whether the client declared {@code capability} (e.g. "sampling", "elicitation") at initialize. */
    boolean clientSupports(String capability) {
        ObjectNode caps = clientCapabilities;
        return caps != null && caps.hasNonNull(capability);
    }

    ClientChannel.Level logLevel() {
        return logLevel;
    }

    void logLevel(ClientChannel.Level level) {
        logLevel = level;
    }

    Set<String> subscriptions() {
        return subscriptions;
    }

    /**
     * Attaches the session's own stream (an HTTP GET stream, stdout).
     *
     * @return false when one is attached already
     */
    public synchronized boolean attach(Sender sender) {
        if (standalone != null) {
            return false;
        }
        standalone = sender;
        return true;
    }

    /** Detaches {@code sender} if it is the attached stream. */
    public synchronized void detach(Sender sender) {
        if (standalone == sender) {
            standalone = null;
        }
    }

    /** Sends on the session's own stream; dropped when none is attached. */
    public boolean sendStandalone(byte[] frame) {
        Sender sender = standalone;
        return sender != null && sender.send(frame);
    }

    /** Counts a tool call against the rate limit; throws the rate-limit error when over it. */
    void admitToolCall() {
        if (toolCalls != null) {
            toolCalls.admit();
        }
    }

    /** Marks the session as used now. */
    void touch() {
        lastUsed = System.nanoTime();
    }

    /** Whether nothing used the session for {@code nanos}: no message, no request running, no stream open. */
    boolean idleFor(long nanos) {
        return System.nanoTime() - lastUsed > nanos && inFlight.isEmpty() && standalone == null;
    }

    /** A new number, unique within the session: for stream and event ids. */
    public long nextNumber() {
        return counter.incrementAndGet();
    }

    Map<String, RequestChannel> inFlight() {
        return inFlight;
    }

    Map<String, CompletableFuture<JsonRpc.Response>> awaiting() {
        return awaiting;
    }

    /** Ends the session: requests in flight are cancelled and awaited answers fail. */
    void close() {
        state = State.CLOSED;
        inFlight.values().forEach(r -> r.cancellation().cancel("session closed"));
        awaiting.values().forEach(f -> f.cancel(false));
        standalone = null;
    }

    /** The key of a JSON-RPC id within a session: "1" and 1 are different ids. */
    static String key(JsonNode id) {
        return (id.isTextual() ? "s:" : "n:") + id.asText();
    }
}
