package dev.mxcp.host.mcp;

import java.util.HashMap;
import java.util.Map;

/** The MCP methods and notifications a client may send to this server, by their wire names. */
public enum McpMethod {
    INITIALIZE("initialize"),
    PING("ping"),
    TOOLS_LIST("tools/list"),
    TOOLS_CALL("tools/call"),
    RESOURCES_LIST("resources/list"),
    RESOURCES_TEMPLATES_LIST("resources/templates/list"),
    RESOURCES_READ("resources/read"),
    RESOURCES_SUBSCRIBE("resources/subscribe"),
    RESOURCES_UNSUBSCRIBE("resources/unsubscribe"),
    PROMPTS_LIST("prompts/list"),
    PROMPTS_GET("prompts/get"),
    COMPLETION_COMPLETE("completion/complete"),
    LOGGING_SET_LEVEL("logging/setLevel"),
    /** 2026-07-28 only. */
    SERVER_DISCOVER("server/discover"),
    /** 2026-07-28's tasks extension only. */
    TASKS_GET("tasks/get"),
    TASKS_UPDATE("tasks/update"),
    TASKS_CANCEL("tasks/cancel"),
    /** 2026-07-28 only: a long-lived response stream of notifications (see {@link Subscriptions}). */
    SUBSCRIPTIONS_LISTEN("subscriptions/listen"),
    NOTIFICATION_INITIALIZED("notifications/initialized"),
    NOTIFICATION_CANCELLED("notifications/cancelled"),
    NOTIFICATION_ROOTS_LIST_CHANGED("notifications/roots/list_changed");

    private static final Map<String, McpMethod> BY_NAME = new HashMap<>();

    static {
        for (McpMethod method : values()) {
            BY_NAME.put(method.wireName, method);
        }
    }

    private final String wireName;

    McpMethod(String wireName) {
        this.wireName = wireName;
    }

    /** Whether a modern (2026-07-28) request may call it: the handshake, ping, setLevel and subscribe are gone. */
    public boolean modern() {
        return switch (this) {
            case INITIALIZE, PING, LOGGING_SET_LEVEL, RESOURCES_SUBSCRIBE, RESOURCES_UNSUBSCRIBE,
                 NOTIFICATION_INITIALIZED, NOTIFICATION_ROOTS_LIST_CHANGED -> false;
            default -> true;
        };
    }

    /** Whether a legacy (session) request may call it. */
    public boolean legacy() {
        return switch (this) {
            case SERVER_DISCOVER, SUBSCRIPTIONS_LISTEN, TASKS_GET, TASKS_UPDATE, TASKS_CANCEL -> false;
            default -> true;
        };
    }

    public String wireName() {
        return wireName;
    }

    /** The method called {@code name} on the wire, or null when this server does not know it. */
    public static McpMethod from(String name) {
        return BY_NAME.get(name);
    }
}
