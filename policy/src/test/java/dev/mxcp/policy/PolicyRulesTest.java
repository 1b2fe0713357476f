package dev.mxcp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.policy.PolicyRules.Action;
import dev.mxcp.policy.PolicyRules.Rule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The rules on their own, with real CEL: compile errors, MXCP's user, input and output actions. */
class PolicyRulesTest {

    private static final Map<String, Object> ADMIN = PolicyRules.user("cli", "u1", "ada", "ada@example.com", "Ada",
            Map.of("role", "admin", "permissions", List.of("hr.read")), List.of());
    private static final Map<String, Object> GUEST = PolicyRules.user("cli", "u2", "bob", null, null,
            Map.of("role", "guest"), List.of());

    @Test
    void aConditionThatDoesNotCompileIsAnInvalidRuleNamingItsPlace() {
        assertThatThrownBy(() -> PolicyRules.compile(List.of(deny("user.role == 'admin'"), deny("user.role ==")),
                List.of(), Set.of()))
                .isInstanceOfSatisfying(PolicyRules.InvalidRule.class, e -> {
                    assertThat(e.input()).isTrue();
                    assertThat(e.index()).isEqualTo(1);
                    assertThat(e).hasMessageStartingWith("invalid CEL condition: at 1:");
                });
        assertThatThrownBy(() -> PolicyRules.compile(List.of(), List.of(deny("salary > 10")), Set.of("salary")))
                .hasMessage("invalid CEL condition: at 1:1: undeclared reference to 'salary' (in container '')");
    }

    @Test
    void theFirstMatchingDenyRefusesWithMxcpsMessage() {
        PolicyRules rules = PolicyRules.compile(List.of(
                new Rule("user.role == 'guest'", Action.DENY, "Guests cannot read this", null),
                new Rule("amount > 100.5 && !('hr.read' in user.permissions)", Action.DENY, null, null)),
                List.of(), Set.of("amount"));
        assertThatThrownBy(() -> rules.checkInput(Map.of("amount", 1), GUEST))
                .hasMessage("Policy enforcement failed: Guests cannot read this");
        assertThatThrownBy(() -> rules.checkInput(Map.of("amount", 500), PolicyRules.anonymous()))
                .hasMessage("Policy enforcement failed: Access denied by policy");
        rules.checkInput(Map.of("amount", 500), ADMIN); // allowed
    }

    @Test
    void aConditionThatCannotBeEvaluatedDenies() {
        PolicyRules rules = PolicyRules.compile(List.of(deny("user.department == 'x'")), List.of(), Set.of());
        assertThatThrownBy(() -> rules.checkInput(Map.of(), ADMIN))
                .hasMessageStartingWith("Policy enforcement failed: the condition 'user.department == 'x'' could not"
                        + " be evaluated");
    }

    @Test
    void outputRulesFilterMaskAndDropSensitiveFieldsInOrder() {
        PolicyRules rules = PolicyRules.compile(List.of(), List.of(
                new Rule("user.role != 'admin'", Action.FILTER_FIELDS, null, List.of("salary", "missing")),
                new Rule("user.role != 'admin'", Action.MASK_FIELDS, null, List.of("email")),
                new Rule("true", Action.FILTER_SENSITIVE_FIELDS, null, null)), Set.of());
        UnaryOperator<Object> dropSsn = value -> value instanceof List<?> list ? list.stream()
                .map(row -> { var copy = new java.util.LinkedHashMap<>((Map<?, ?>) row); copy.remove("ssn"); return copy; })
                .toList() : value;
        List<Map<String, Object>> rows = List.of(Map.of("name", "Ada", "salary", 10, "email", "a@x", "ssn", "1"));
        assertThat(rules.applyOutput(rows, GUEST, dropSsn)).isEqualTo(List.of(Map.of("name", "Ada", "email", "****")));
        assertThat(rules.applyOutput(rows, ADMIN, dropSsn))
                .isEqualTo(List.of(Map.of("name", "Ada", "salary", 10, "email", "a@x")));
    }

    @Test
    void anOutputDenySeesTheResponse() {
        PolicyRules rules = PolicyRules.compile(List.of(), List.of(
                new Rule("response.secret == true", Action.DENY, null, null)), Set.of());
        assertThatThrownBy(() -> rules.applyOutput(Map.of("secret", true), ADMIN, v -> v))
                .hasMessage("Output policy enforcement failed: Output blocked by policy");
        assertThat(rules.applyOutput(Map.of("secret", false), ADMIN, v -> v)).isEqualTo(Map.of("secret", false));
    }

    @Test
    void conditionsSeeANullResponseAndTheCallerAboveAParameterNamedUser() {
        PolicyRules output = PolicyRules.compile(List.of(), List.of(
                new Rule("response == null", Action.DENY, "Nothing to show", null)), Set.of());
        assertThatThrownBy(() -> output.applyOutput(null, ADMIN, v -> v))
                .hasMessage("Output policy enforcement failed: Nothing to show");
        PolicyRules input = PolicyRules.compile(List.of(deny("user.role == 'guest' && limit > 10")), List.of(),
                Set.of("user", "limit"));
        assertThatThrownBy(() -> input.checkInput(Map.of("user", Map.of("role", "admin"), "limit", 11), GUEST))
                .hasMessage("Policy enforcement failed: Access denied by policy");
        input.checkInput(Map.of("user", Map.of("role", "guest"), "limit", 11), ADMIN); // allowed
    }

    private static Rule deny(String condition) {
        return new Rule(condition, Action.DENY, null, null);
    }
}
