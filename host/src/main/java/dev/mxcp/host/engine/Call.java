package dev.mxcp.host.engine;

import dev.mxcp.host.base.CallContext;
import java.util.Map;
import java.util.Objects;

/**
 * One call of a served endpoint, as every entry point hands it to {@link ProjectRuntime#call}: MCP handlers,
 * {@code mxcp run}, {@code mxcp test} and {@code Mxcp.call}. Made by {@link ServedEndpoint#call}.
 *
 * @param target the endpoint, and for a resource the concrete URI asked for
 * @param arguments the raw arguments (a template's URI variables included), converted by the declared parameters
 *     when the call runs
 * @param context who calls, where logs and progress go, and the call's cancellation
 * @param validateOutput whether the result is checked against the declared return type (prompts are never checked)
 */
public record Call(ServedEndpoint target, Map<String, Object> arguments, CallContext context, boolean validateOutput) {

    public Call {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(context, "context");
        arguments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arguments));
    }
}
