package dev.mxcp.host.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.guest.UserContext;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.endpoint.EndpointDef.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MXCP's policies, enforced by the engine on real SQL endpoints: input rules deny by role, by argument and by
 * user id (and an anonymous caller is MXCP's "anonymous"); output rules filter, mask and drop sensitive fields
 * at any depth; a condition that does not compile is a load error at its line.
 */
class PoliciesTest {

    @TempDir
    static Path dir;
    static ProjectRuntime runtime;

    @BeforeAll
    static void load() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/employee.yml", """
                mxcp: 1
                tool:
                  name: employee
                  parameters:
                    - {name: id, type: string, description: Employee id}
                  return:
                    type: object
                    properties:
                      name: {type: string}
                      salary: {type: number}
                      email: {type: string}
                      ssn: {type: string, sensitive: true}
                      address:
                        type: object
                        properties:
                          city: {type: string}
                          street: {type: string, sensitive: true}
                  source:
                    code: >
                      SELECT 'Ada' AS name, 120000 AS salary, 'ada@example.com' AS email, '123-45' AS ssn,
                             {'city': 'London', 'street': '1 Lane'} AS address
                  policies:
                    input:
                      - {condition: "user.role == 'guest'", action: deny, reason: Guests cannot access employee information}
                      - {condition: "id == 'e0' && user.role != 'admin'", action: deny, reason: Only admins see e0}
                      - {condition: "user.user_id == 'blocked'", action: deny}
                    output:
                      - {condition: "user.role != 'admin'", action: filter_fields, fields: [salary, not_there]}
                      - {condition: "user.role == 'user'", action: mask_fields, fields: [email]}
                      - {condition: "user.role != 'admin'", action: filter_sensitive_fields}
                """);
        Fixtures.write(dir, "tools/team.yml", """
                mxcp: 1
                tool:
                  name: team
                  return:
                    type: array
                    items:
                      type: object
                      properties:
                        name: {type: string}
                        badge: {type: object, properties: {code: {type: string, sensitive: true}, floor: {type: integer}}}
                  source:
                    code: "SELECT * FROM (VALUES ('Ada', {'code': 'x1', 'floor': 3}), ('Bob', {'code': 'x2', 'floor': 4})) t(name, badge)"
                  policies:
                    input:
                      - {condition: "user.role == 'anonymous'", action: deny, reason: Sign in first}
                    output:
                      - {condition: "true", action: filter_sensitive_fields}
                """);
        Fixtures.write(dir, "tools/broken_policy.yml", """
                mxcp: 1
                tool:
                  name: broken_policy
                  source: {code: SELECT 1 AS x}
                  policies:
                    input:
                      - {condition: "user.role == 'admin'", action: deny}
                      - {condition: "salary > 10", action: deny}
                """);
        runtime = ProjectRuntime.open(ProjectConfig.load(dir, ProjectConfig.Overrides.NONE,
                Fixtures.env(dir.resolve("home"))));
    }

    @AfterAll
    static void close() {
        runtime.close();
    }

    @Test
    void inputRulesDenyByRoleByArgumentAndByUserIdWithMxcpsMessage() {
        assertThatThrownBy(() -> call("employee", Map.of("id", "e1"), user("u1", "guest")))
                .isInstanceOf(MxcpException.class)
                .hasMessage("Policy enforcement failed: Guests cannot access employee information");
        assertThatThrownBy(() -> call("employee", Map.of("id", "e0"), user("u1", "user")))
                .hasMessage("Policy enforcement failed: Only admins see e0");
        assertThatThrownBy(() -> call("employee", Map.of("id", "e1"), user("blocked", "user")))
                .hasMessage("Policy enforcement failed: Access denied by policy");
        assertThat(call("employee", Map.of("id", "e0"), user("a1", "admin"))).isInstanceOf(Map.class);
    }

    @Test
    void outputRulesFilterMaskAndDropSensitiveFieldsAtAnyDepth() {
        assertThat(call("employee", Map.of("id", "e1"), user("a1", "admin"))).isEqualTo(Map.of("name", "Ada",
                "salary", 120000, "email", "ada@example.com", "ssn", "123-45",
                "address", Map.of("city", "London", "street", "1 Lane")));
        assertThat(call("employee", Map.of("id", "e1"), user("u1", "user"))).isEqualTo(Map.of("name", "Ada",
                "email", "****", "address", Map.of("city", "London")));
        assertThat(call("team", Map.of(), user("u1", "user"))).isEqualTo(List.of(
                Map.of("name", "Ada", "badge", Map.of("floor", 3)), Map.of("name", "Bob", "badge", Map.of("floor", 4))));
    }

    @Test
    void aCallerWithoutIdentityIsMxcpsAnonymousUser() {
        assertThatThrownBy(() -> call("team", Map.of(), null)).hasMessage("Policy enforcement failed: Sign in first");
    }

    @Test
    void aConditionThatDoesNotCompileIsALoadErrorAtItsLine() {
        assertThat(runtime.endpoints().errors()).anySatisfy(e -> assertThat(e.getMessage())
                .endsWith("tools/broken_policy.yml:8:21: tool.policies.input[1].condition: invalid CEL condition:"
                        + " at 1:1: undeclared reference to 'salary' (in container '')"));
        assertThatThrownBy(() -> runtime.served().require(Kind.TOOL, "broken_policy"))
                .hasMessageStartingWith("Endpoint 'broken_policy' not found in tools");
    }

    private static Object call(String tool, Map<String, Object> args, UserContext user) {
        ServedEndpoint target = runtime.served().require(Kind.TOOL, tool);
        return runtime.call(target.call(args, CallContext.of(new CallerContext(user, null)), true)).plain();
    }

    private static UserContext user(String id, String role) {
        return UserContext.fromProfile("test", null, Map.of("user_id", id, "role", role));
    }
}
