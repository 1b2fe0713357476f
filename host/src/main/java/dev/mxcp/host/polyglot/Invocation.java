package dev.mxcp.host.polyglot;

/**
 * Which guest function an endpoint call runs.
 *
 * @param kind "tool" or "resource" (a resource's function is found by MXCP's fallback rules)
 * @param file the endpoint's source file, as a real path
 * @param name the function's name (the tool's name)
 * @param label the endpoint as messages name it ("tool 'x'")
 * @param timeoutSeconds the endpoint's own time limit, over the language's; null when it has none
 */
record Invocation(String kind, String file, String name, String label, Integer timeoutSeconds) {

    /** Host work that is no endpoint's call: the language's time limit applies. */
    Invocation(String kind, String file, String name, String label) {
        this(kind, file, name, label, null);
    }
}
