package dev.mxcp.host.endpoint;

import dev.mxcp.policy.PolicyRules;
import java.util.List;
import java.util.Set;

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

    /**
     * The rules compiled for an endpoint with these {@code parameters} (the variables input rules may use).
     *
     * @throws PolicyRules.InvalidRule naming the rule whose condition does not compile
     */
    public PolicyRules compile(Set<String> parameters) {
        return isEmpty() ? PolicyRules.NONE : PolicyRules.compile(rules(input), rules(output), parameters);
    }

    private static List<PolicyRules.Rule> rules(List<Rule> written) {
        return written.stream().map(rule -> new PolicyRules.Rule(rule.condition(), switch (rule.action()) {
            case DENY -> PolicyRules.Action.DENY;
            case FILTER_FIELDS -> PolicyRules.Action.FILTER_FIELDS;
            case MASK_FIELDS -> PolicyRules.Action.MASK_FIELDS;
            case FILTER_SENSITIVE_FIELDS -> PolicyRules.Action.FILTER_SENSITIVE_FIELDS;
        }, rule.reason(), rule.fields())).toList();
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
