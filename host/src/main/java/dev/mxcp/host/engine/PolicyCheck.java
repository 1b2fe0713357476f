package dev.mxcp.host.engine;

import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.TypeSpec;
import dev.mxcp.policy.PolicyRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call's policies (the endpoint's compiled {@code policies:}) for its caller: input rules before the call
 * runs, output rules on its result. A refusal is an {@link MxcpException} with MXCP's message, so every entry
 * point reports it as it reports any failed call (an {@code isError} tool result over MCP, exit 1 in the CLI).
 */
final class PolicyCheck {

    private final Endpoint endpoint;
    private final PolicyRules rules;
    private final Map<String, Object> user;

    PolicyCheck(Endpoint endpoint, UserContext caller) {
        this.endpoint = endpoint;
        this.rules = endpoint.policyRules();
        this.user = rules.isEmpty() ? Map.of() : user(caller);
    }

    void checkInput(Map<String, Object> arguments) {
        try {
            rules.checkInput(arguments, user);
        } catch (PolicyRules.Denied e) {
            throw new MxcpException(e.getMessage(), e);
        }
    }

    /**
     * Plain results and prompt messages as the output rules leave them. Content the code made itself (blocks,
     * a ToolResult) has no fields to filter: a rule that would change it refuses it instead.
     */
    CallResult applyOutput(CallResult result) {
        if (!rules.hasOutputRules()) {
            return result;
        }
        try {
            return switch (result) {
                case CallResult.Value value -> new CallResult.Value(
                        rules.applyOutput(value.value(), user, this::withoutSensitive));
                case CallResult.Messages messages -> new CallResult.Messages(messages((List<?>) rules.applyOutput(
                        messages.messages(), user, v -> v)));
                case CallResult.Rich rich -> {
                    Object seen = rules.applyOutput(rich.returned(), user, v -> v);
                    if (seen != rich.returned()) {
                        throw new MxcpException("Output policy enforcement failed: " + endpoint.label()
                                + " returned content blocks, whose fields an output policy cannot filter or mask");
                    }
                    yield rich;
                }
            };
        } catch (PolicyRules.Denied e) {
            throw new MxcpException(e.getMessage(), e);
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
