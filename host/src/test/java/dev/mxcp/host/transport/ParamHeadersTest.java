package dev.mxcp.host.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2026-07-28 {@code x-mcp-header}: a tool's annotated parameters are advertised in its input schema, and a
 * modern request over HTTP must mirror each given value into its {@code Mcp-Param-{Name}} header (Base64 sentinel
 * for what a header cannot carry); any disagreement is 400 with {@code -32020} before the tool runs.
 */
class ParamHeadersTest {

    @TempDir
    static Path dir;

    static TestProject.Server server;
    static McpClient client;

    @BeforeAll
    static void start() {
        Path project = TestProject.write(dir.resolve("project"));
        Fixtures.write(project, "tools/regional.yml", """
                mxcp: 1
                tool:
                  name: regional
                  description: Echoes where and how many
                  parameters:
                    - {name: region, type: string}
                    - {name: limit, type: integer, default: 10}
                    - {name: dry, type: boolean, default: false}
                  input_schema:
                    type: object
                    properties:
                      region: {type: string, x-mcp-header: Region}
                      limit: {type: integer, x-mcp-header: Limit}
                      dry: {type: boolean, x-mcp-header: Dry-Run}
                    required: [region]
                  source: {code: "SELECT $region || ':' || $limit || ':' || $dry AS r"}
                """);
        server = TestProject.serve(project);
        client = server.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static McpClient.Exchange call(Map<String, Object> arguments, Map<String, String> paramHeaders) {
        return ModernWireTest.modern(client, 7, "tools/call", Map.of("name", "regional", "arguments", arguments),
                Map.of(), paramHeaders);
    }

    private static void assertMismatch(McpClient.Exchange exchange, String words) {
        assertThat(exchange.status()).as(exchange.body()).isEqualTo(400);
        JsonNode error = ModernWireTest.only(exchange).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32020);
        assertThat(error.get("message").asText()).contains(words);
    }

    @Test
    void theListedSchemaCarriesTheAnnotations() {
        JsonNode result = ModernWireTest.only(ModernWireTest.modern(client, 1, "tools/list", Map.of(), Map.of(),
                Map.of())).get("result");
        JsonNode tool = null;
        for (JsonNode entry : result.get("tools")) {
            if (entry.get("name").asText().equals("regional")) {
                tool = entry;
            }
        }
        assertThat(tool).isNotNull();
        assertThat(tool.at("/inputSchema/properties/region/x-mcp-header").asText()).isEqualTo("Region");
    }

    @Test
    void matchingHeadersLetTheCallRunWithIntegersComparedAsNumbers() {
        McpClient.Exchange exchange = call(Map.of("region", "us-west1", "limit", 5, "dry", true),
                Map.of("Mcp-Param-Region", "us-west1", "Mcp-Param-Limit", "5.0", "Mcp-Param-Dry-Run", "true"));
        assertThat(exchange.status()).as(exchange.body()).isEqualTo(200);
        assertThat(ModernWireTest.only(exchange).at("/result/content/0/text").asText()).contains("us-west1:5:true");
    }

    @Test
    void aValueOutsideHeaderCharactersTravelsBase64Encoded() {
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString("Zürich".getBytes(StandardCharsets.UTF_8))
                + "?=";
        McpClient.Exchange exchange = call(Map.of("region", "Zürich"), Map.of("Mcp-Param-Region", encoded));
        assertThat(exchange.status()).as(exchange.body()).isEqualTo(200);
        assertThat(ModernWireTest.only(exchange).at("/result/content/0/text").asText()).contains("Zürich:10:false");
    }

    @Test
    void aMissingDifferentOrUnexpectedHeaderIsAMismatch() {
        assertMismatch(call(Map.of("region", "us-west1"), Map.of()), "the Mcp-Param-Region header is required");
        assertMismatch(call(Map.of("region", "us-west1"), Map.of("Mcp-Param-Region", "eu-north1")),
                "does not match body value \"us-west1\"");
        assertMismatch(call(Map.of("region", "us-west1", "limit", 5),
                Map.of("Mcp-Param-Region", "us-west1", "Mcp-Param-Limit", "6")), "Mcp-Param-Limit");
        assertMismatch(call(Map.of("region", "us-west1", "dry", false),
                Map.of("Mcp-Param-Region", "us-west1", "Mcp-Param-Dry-Run", "False")), "Mcp-Param-Dry-Run");
        assertMismatch(call(Map.of("region", "us-west1"),
                Map.of("Mcp-Param-Region", "us-west1", "Mcp-Param-Limit", "5")), "does not match body value (none)");
        assertMismatch(call(Map.of("region", "us-west1"), Map.of("Mcp-Param-Region", "=?base64?***?=")),
                "broken Base64");
        // "Hello" without its padding: refused, not read as Hello
        assertMismatch(call(Map.of("region", "Hello"), Map.of("Mcp-Param-Region", "=?base64?SGVsbG8?=")),
                "broken Base64");
    }
}
