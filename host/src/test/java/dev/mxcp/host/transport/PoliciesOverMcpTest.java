package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint with policies is listed and enforced over MCP. Without authentication every MCP client is MXCP's
 * anonymous user: a rule against it refuses the call as an {@code isError} result with MXCP's message.
 */
class PoliciesOverMcpTest {

    @TempDir
    Path dir;

    @Test
    void anAnonymousClientIsRefusedByAnInputRuleAndFilteredByAnOutputRule() {
        Path project = TestProject.write(dir.resolve("project"));
        Fixtures.write(project, "tools/members.yml", """
                mxcp: 1
                tool:
                  name: members
                  description: Members only
                  parameters: [{name: club, type: string, description: Which club}]
                  return: {type: object, properties: {name: {type: string}, phone: {type: string}}}
                  source: {code: "SELECT 'Ada' AS name, '555-0100' AS phone"}
                  policies:
                    input:
                      - {condition: "club == 'private' && user.role == 'anonymous'", action: deny, reason: Sign in first}
                    output:
                      - {condition: "user.role == 'anonymous'", action: mask_fields, fields: [phone]}
                """);
        try (TestProject.Server server = TestProject.serve(project); McpClient client = server.client()) {
            client.initialize();
            assertThat(client.result("tools/list", Map.of()).get("tools").findValuesAsText("name")).contains("members");
            JsonNode refused = client.result("tools/call", Map.of("name", "members", "arguments", Map.of("club", "private")));
            assertThat(refused.get("isError").asBoolean()).isTrue();
            assertThat(refused.at("/content/0/text").asText()).isEqualTo("Policy enforcement failed: Sign in first");
            JsonNode masked = client.result("tools/call", Map.of("name", "members", "arguments", Map.of("club", "open")));
            assertThat(masked.get("structuredContent")).isEqualTo(
                    dev.mxcp.host.json.Json.MAPPER.valueToTree(Map.of("name", "Ada", "phone", "****")));
        }
    }
}
