package dev.mxcp.host.polyglot;

/**
 * Which guest function an endpoint call runs.
 *
 * @param kind "tool" or "resource" (a resource's function is found by MXCP's fallback rules)
 * @param file the endpoint's source file, as a real path
 * @param name the function's name (the tool's name)
 * @param label the endpoint as messages name it ("tool 'x'")
 */
record Invocation(String kind, String file, String name, String label) {
}
