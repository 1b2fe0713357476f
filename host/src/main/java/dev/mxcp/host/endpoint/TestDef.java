package dev.mxcp.host.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A YAML test of an endpoint: arguments, an optional caller, and assertions (all optional, all applied).
 *
 * @param result the exact expected result: null when absent, a JSON null node for {@code result: null}
 */
public record TestDef(
        String name,
        String description,
        List<Argument> arguments,
        @JsonProperty("user_context") Map<String, Object> userContext,
        JsonNode result,
        @JsonProperty("result_contains") JsonNode resultContains,
        @JsonProperty("result_not_contains") List<String> resultNotContains,
        @JsonProperty("result_contains_item") JsonNode resultContainsItem,
        @JsonProperty("result_contains_all") List<Object> resultContainsAll,
        @JsonProperty("result_length") Integer resultLength,
        @JsonProperty("result_contains_text") String resultContainsText) {

    public TestDef {
        Defaults.require(name, "name");
        Defaults.require(arguments, "arguments");
    }

    /** One argument, written as {@code {key, value}} like MXCP. */
    public record Argument(String key, Object value) {
        public Argument {
            Defaults.require(key, "key");
        }
    }
}
