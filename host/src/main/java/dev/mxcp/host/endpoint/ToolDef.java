package dev.mxcp.host.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A {@code tool:} definition.
 *
 * @param inputSchema an extension of MXCP: a raw JSON Schema advertised as the tool's {@code inputSchema}
 *     instead of the one derived from {@code parameters}, for schemas the type system cannot say ({@code $defs},
 *     {@code $ref}, {@code oneOf}...). Its top-level properties must be the parameters, which still convert
 *     and check the arguments. Null when absent.
 * @param taskSupport an extension of MXCP: whether a 2026-07-28 client that declares the tasks extension gets a
 *     task for a call of this tool ({@code optional}: when the client can take one, {@code required}: a client
 *     that cannot is refused), or the result when the call ends ({@code forbidden}, the default)
 */
public record ToolDef(
        String name,
        String description,
        List<String> tags,
        Annotations annotations,
        List<TypeSpec> parameters,
        @JsonProperty("input_schema") JsonNode inputSchema,
        @JsonProperty("return") TypeSpec returns,
        Language language,
        Source source,
        Boolean enabled,
        List<TestDef> tests,
        Policies policies,
        @JsonProperty("timeout_seconds") Integer timeoutSeconds,
        @JsonProperty("task_support") TaskSupport taskSupport) implements EndpointDef, Executable {

    public ToolDef {
        Defaults.require(name, "name");
        Defaults.require(source, "source");
        tags = Defaults.list(tags);
        parameters = Defaults.list(parameters);
        language = Defaults.language(language);
        enabled = Defaults.enabled(enabled);
        tests = Defaults.list(tests);
        policies = Defaults.policies(policies);
        Defaults.timeout(timeoutSeconds);
        taskSupport = taskSupport == null ? TaskSupport.FORBIDDEN : taskSupport;
    }

    /** Whether calls of a tool may run as tasks (the 2026-07-28 tasks extension), in MCP's words. */
    public enum TaskSupport {
        @JsonProperty("forbidden") FORBIDDEN,
        @JsonProperty("optional") OPTIONAL,
        @JsonProperty("required") REQUIRED
    }

    /** The JSON Schema clients are given for the arguments: {@code input_schema} as written, else the parameters'. */
    public JsonNode advertisedInputSchema() {
        return inputSchema != null ? inputSchema : JsonSchemas.inputSchema(parameters);
    }

    /** This tool described by {@code text} instead. */
    public ToolDef withDescription(String text) {
        return new ToolDef(name, text, tags, annotations, parameters, inputSchema, returns, language, source, enabled,
                tests, policies, timeoutSeconds, taskSupport);
    }

    @Override
    public String key() {
        return name;
    }

    /** MCP tool annotations: hints for clients, never trusted for security. */
    public record Annotations(
            String title,
            Boolean readOnlyHint,
            Boolean destructiveHint,
            Boolean idempotentHint,
            Boolean openWorldHint) {
    }
}
