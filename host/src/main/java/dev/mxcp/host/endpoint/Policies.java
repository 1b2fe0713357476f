package dev.mxcp.host.endpoint;

import java.util.List;

/** Input and output policy rules (CEL conditions). */
public record Policies(List<Rule> input, List<Rule> output) {

    public static final Policies NONE = new Policies(null, null);

    public Policies {
        input = Defaults.list(input);
        output = Defaults.list(output);
    }

    public boolean isEmpty() {
        return input.isEmpty() && output.isEmpty();
    }

    /** One rule: when {@code condition} holds, apply {@code action}. */
    public record Rule(String condition, Action action, String reason, List<String> fields) {
        public Rule {
            Defaults.require(condition, "condition");
            Defaults.require(action, "action");
            fields = Defaults.list(fields);
        }
    }

    /** What a rule does. */
    public enum Action {
        @com.fasterxml.jackson.annotation.JsonProperty("deny") DENY,
        @com.fasterxml.jackson.annotation.JsonProperty("filter_fields") FILTER_FIELDS,
        @com.fasterxml.jackson.annotation.JsonProperty("mask_fields") MASK_FIELDS,
        @com.fasterxml.jackson.annotation.JsonProperty("filter_sensitive_fields") FILTER_SENSITIVE_FIELDS
    }
}
