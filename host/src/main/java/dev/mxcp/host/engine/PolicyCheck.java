package dev.mxcp.host.engine;

import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.Policies;
import dev.mxcp.host.endpoint.TypeSpec;
import dev.mxcp.host.telemetry.SpanKeys;
import dev.mxcp.host.telemetry.Traced;
import dev.mxcp.host.telemetry.Traces;
import dev.mxcp.policy.PolicyRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One call's policies (the endpoint's compiled {@code policies:}) for its caller: input rules before the call
 * runs, output rules on its result. A refusal is an {@link MxcpException} with MXCP's message, so every entry
 * point reports it as it reports any failed call (an {@code isError} tool result over MCP, exit 1 in the CLI).
 */
final class PolicyCheck {

    private final Endpoint endpoint;
    private final PolicyRules rules;
    private final Map<String, Object> user;
    private final CallMetrics metrics;
    // what the audit log records, as MXCP's enforcer tracks it
    private final List<String> evaluated = new ArrayList<>();
    private String decision;
    private String reason;

    PolicyCheck(Endpoint endpoint, UserContext caller, CallMetrics metrics) {
        this.endpoint = endpoint;
        this.rules = endpoint.policyRules();
        this.user = rules.isEmpty() ? Map.of() : user(caller);
        this.metrics = metrics;
    }

    /** Traced as MXCP's {@code mxcp.policy.enforce_input}, counted in its policy metrics, when there are rules. */
    void checkInput(Map<String, Object> arguments) {
        if (rules.isEmpty()) {
            return;
        }
        decision = "allow";
        List<Policies.Rule> written = endpoint.definition().policies().input();
        evaluated("input", written);
        try (Traced span = Traces.start("mxcp.policy.enforce_input")) {
            span.set(SpanKeys.POLICY_COUNT, written.size()).set(SpanKeys.POLICY_HAS_USER, true);
            try {
                rules.checkInput(arguments, user);
            } catch (PolicyRules.Denied e) {
                throw denied(e);
            } finally {
                span.set(SpanKeys.POLICY_DECISION, decision).set(SpanKeys.POLICY_EVALUATED_COUNT, written.size());
                metrics.policyEvaluated("input", decision);
            }
        }
    }

    /** The rules of the stages that ran ("input[0]: condition"...), as MXCP's audit records list them. */
    List<String> evaluated() {
        return List.copyOf(evaluated);
    }

    /**
     * "allow", "deny" or "warn" (the output was modified); null when the endpoint has no policies or the call
     * failed before they were checked (bad arguments).
     */
    String decision() {
        return decision;
    }

    /** Why it was denied or warned; null when allowed. */
    String reason() {
        return reason;
    }

    private void evaluated(String stage, List<Policies.Rule> written) {
        for (int i = 0; i < written.size(); i++) {
            evaluated.add(stage + "[" + i + "]: " + written.get(i).condition());
        }
    }

    private MxcpException denied(PolicyRules.Denied e) {
        decision = "deny";
        reason = e.getMessage().replaceFirst("^(Output )?[Pp]olicy enforcement failed: ", "");
        return new MxcpException(e.getMessage(), e);
    }

    /**
     * Plain results and prompt messages as the output rules leave them. Content the code made itself (blocks,
     * a ToolResult) has no fields to filter: a rule that would change it refuses it instead.
     */
    CallResult applyOutput(CallResult result) {
        if (!rules.hasOutputRules()) {
            return result;
        }
        List<Policies.Rule> written = endpoint.definition().policies().output();
        evaluated("output", written);
        PolicyRules.Action[] applied = new PolicyRules.Action[1];
        Consumer<PolicyRules.Action> last = action -> applied[0] = action;
        try (Traced span = Traces.start("mxcp.policy.enforce_output")) {
            span.set(SpanKeys.POLICY_COUNT, written.size()).set(SpanKeys.POLICY_HAS_USER, true);
            try {
                return applyOutput(result, last, applied);
            } finally {
                span.set(SpanKeys.POLICY_DECISION, decision);
                metrics.policyEvaluated("output", decision);
            }
        }
    }

    private CallResult applyOutput(CallResult result, Consumer<PolicyRules.Action> last, PolicyRules.Action[] applied) {
        try {
            CallResult out = switch (result) {
                case CallResult.Value value -> new CallResult.Value(
                        rules.applyOutput(value.value(), user, this::withoutSensitive, last));
                case CallResult.Messages messages -> new CallResult.Messages(messages((List<?>) rules.applyOutput(
                        messages.messages(), user, v -> v, last)));
                case CallResult.Rich rich -> {
                    Object seen = rules.applyOutput(rich.returned(), user, v -> v, last);
                    if (seen != rich.returned()) {
                        throw new MxcpException("Output policy enforcement failed: " + endpoint.label()
                                + " returned content blocks, whose fields an output policy cannot filter or mask");
                    }
                    yield rich;
                }
            };
            if (applied[0] != null) {
                decision = "warn";
                reason = "Output modified by " + applied[0].name().toLowerCase(Locale.ROOT);
            }
            return out;
        } catch (PolicyRules.Denied e) {
            throw denied(e);
        }
    }

    /** Drops what the return type marks {@code sensitive: true}, at any depth (MXCP means to, and fails to). */
    private Object withoutSensitive(Object value) {
        TypeSpec returns = endpoint.definition().returns();
        return returns == null ? value : withoutSensitive(returns, value);
    }

    @SuppressWarnings("unchecked")
    private static Object withoutSensitive(TypeSpec type, Object value) {
        if (value instanceof Map<?, ?> object) {
            Map<String, Object> kept = new LinkedHashMap<>();
            ((Map<String, Object>) object).forEach((key, field) -> {
                TypeSpec declared = type.properties().get(key);
                if (declared == null) {
                    kept.put(key, field);
                } else if (!declared.sensitive()) {
                    kept.put(key, withoutSensitive(declared, field));
                }
            });
            return kept;
        }
        if (value instanceof List<?> list && type.items() != null) {
            List<Object> kept = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!type.items().sensitive()) {
                    kept.add(withoutSensitive(type.items(), item));
                }
            }
            return kept;
        }
        return type.sensitive() ? null : value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messages(List<?> messages) {
        return (List<Map<String, Object>>) messages;
    }

    /** The caller as MXCP's policies see it; nobody (an unauthenticated MCP client) is MXCP's anonymous user. */
    private static Map<String, Object> user(UserContext caller) {
        if (caller == null) {
            return PolicyRules.anonymous();
        }
        return PolicyRules.user(caller.provider(), caller.userId(), caller.username(), caller.email(), caller.name(),
                caller.rawProfile(), caller.capabilities());
    }
}
