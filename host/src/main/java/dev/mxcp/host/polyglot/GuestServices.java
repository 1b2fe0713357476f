package dev.mxcp.host.polyglot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Host objects that packages above this one offer guest code by name (the MCP manager's bindings): the guest
 * modules ask the bridge for one ({@code _host.service(name, argument)}). A registry, because those packages
 * depend on this one, not the reverse. A factory's object is handed to the guest as it is, so only its
 * {@code @HostAccess.Export} methods are visible.
 */
public final class GuestServices {

    private static final Map<String, Function<String, Object>> FACTORIES = new ConcurrentHashMap<>();

    private GuestServices() {
    }

    /** Offers the objects {@code factory} makes under {@code name}; a later registration replaces it. */
    public static void register(String name, Function<String, Object> factory) {
        FACTORIES.put(name, factory);
    }

    /** A new object of the named service, or null when nothing registered it. */
    static Object create(String name, String argument) {
        Function<String, Object> factory = FACTORIES.get(name);
        return factory == null ? null : factory.apply(argument);
    }
}
