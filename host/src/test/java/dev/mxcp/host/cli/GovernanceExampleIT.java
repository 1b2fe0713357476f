package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worked example of governance, {@code examples-governance/}, as its README runs it: {@code ./mxcp serve} with
 * the example's {@code auth-config.yml} against a real OpenID Connect issuer on 127.0.0.1; callers with the
 * issuer's tokens meet the tools' policies, and every call is in the audit log that {@code mxcp log} reads,
 * with sensitive values redacted.
 */
class GovernanceExampleIT {

    private static final Pattern SERVING = Pattern.compile("at (http://\\S+)$");

    @TempDir
    Path dir;

    @Test
    void tokensPoliciesAndTheAuditLogWorkTogether() throws Exception {
        MockOAuth2Server issuer = new MockOAuth2Server();
        issuer.start(InetAddress.getByName("127.0.0.1"), 0);
        Path project = Fixtures.copyExample("examples-governance", dir.resolve("example"));
        ProcessBuilder builder = new ProcessBuilder(Fixtures.repositoryRoot().resolve("mxcp").toString(), "serve",
                "--port", "0", "--project", project.toString());
        builder.environment().put("HOME", dir.resolve("home").toString());
        builder.environment().put("MXCP_CONFIG", project.resolve("auth-config.yml").toString());
        builder.environment().put("OIDC_CONFIG_URL", issuer.wellKnownUrl("hr").toString());
        Process server = builder.start();
        try {
            URI endpoint = endpoint(server);
            HttpClient http = HttpClient.newHttpClient();
            assertThat(send(http, endpoint, null, null, initialize()).statusCode()).as("no token").isEqualTo(401);

            String grace = token(issuer, endpoint, "u-grace", Map.of("preferred_username", "grace", "role", "engineer"));
            String ada = token(issuer, endpoint, "u-ada", Map.of("preferred_username", "ada", "role", "hr"));
            Caller asGrace = new Caller(http, endpoint, grace);
            Caller asAda = new Caller(http, endpoint, ada);

            JsonNode own = asGrace.call("employee_profile", Map.of("login", "grace"));
            assertThat(own.at("/structuredContent/department").asText()).isEqualTo("Engineering");
            assertThat(own.get("structuredContent").has("salary")).as("filtered for non-HR").isFalse();
            JsonNode other = asGrace.call("employee_profile", Map.of("login", "alan"));
            assertThat(other.get("isError").asBoolean()).isTrue();
            assertThat(other.at("/content/0/text").asText()).contains("Only HR may look up other employees");
            assertThat(asGrace.call("my_profile", Map.of()).at("/structuredContent/login").asText())
                    .as("get_username() is the token's preferred_username").isEqualTo("grace");
            JsonNode hr = asAda.call("employee_profile", Map.of("login", "grace"));
            assertThat(hr.at("/structuredContent/salary").asDouble()).isEqualTo(98000.0);

            CliRun log = CliRun.inProject(Fixtures.env(dir.resolve("home")), project, "log", "--since", "1h",
                    "--tool", "employee_profile", "--json");
            assertThat(log.exitCode()).as(log.err()).isZero();
            JsonNode records = Json.parse(log.out()).at("/result/records");
            assertThat(records).hasSize(3);
            JsonNode denied = first(records, "deny");
            assertThat(denied.path("user_id").asText()).as(log.out()).isEqualTo("u-grace");
            assertThat(records.valueStream().filter(r -> "u-ada".equals(r.path("user_id").asText()))).hasSize(1);

            // the records themselves: the reason of the denial, and sensitive values redacted even for HR
            List<JsonNode> lines = new java.util.ArrayList<>();
            try (var files = java.nio.file.Files.list(project.resolve("audit"))) {
                for (Path file : files.toList()) {
                    for (String line : java.nio.file.Files.readAllLines(file)) {
                        lines.add(Json.parse(line));
                    }
                }
            }
            assertThat(lines.stream().filter(r -> "deny".equals(r.path("policy_decision").asText())))
                    .singleElement().extracting(r -> r.path("policy_reason").asText())
                    .isEqualTo("Only HR may look up other employees");
            JsonNode forHr = lines.stream().filter(r -> "u-ada".equals(r.path("user_id").asText())).findFirst().orElseThrow();
            assertThat(forHr.at("/output_data/salary").asText()).as("sensitive even for HR").isEqualTo("[REDACTED]");
            assertThat(forHr.at("/output_data/bank_account").asText()).isEqualTo("[REDACTED]");
            assertThat(lines.toString()).doesNotContain("98000").doesNotContain("DE12");
        } finally {
            server.destroyForcibly();
            issuer.shutdown();
        }
    }

    private static JsonNode first(JsonNode records, String decision) {
        return records.valueStream().filter(r -> decision.equals(r.path("policy_decision").asText())).findFirst()
                .orElseThrow();
    }

    /** A token of the issuer "hr" for the server's URL, the audience the server expects by default. */
    private static String token(MockOAuth2Server issuer, URI endpoint, String subject, Map<String, Object> claims) {
        return issuer.issueToken("hr", "hr-client", new DefaultOAuth2TokenCallback("hr", subject, "JWT",
                List.of(endpoint.toString()), claims, 300)).serialize();
    }

    /** One caller's MCP session. */
    private static final class Caller {
        private final HttpClient http;
        private final URI endpoint;
        private final String token;
        private final String session;
        private int id = 1;

        Caller(HttpClient http, URI endpoint, String token) {
            this.http = http;
            this.endpoint = endpoint;
            this.token = token;
            HttpResponse<String> opened = send(http, endpoint, token, null, initialize());
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
            this.session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();
        }

        JsonNode call(String tool, Map<String, Object> arguments) throws Exception {
            String body = Json.write(Map.of("jsonrpc", "2.0", "id", ++id, "method", "tools/call",
                    "params", Map.of("name", tool, "arguments", arguments)));
            HttpResponse<String> answer = send(http, endpoint, token, session, body);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            return Json.parse(answer.body()).get("result");
        }
    }

    private static String initialize() {
        return """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"it","version":"1"}}}""";
    }

    private static HttpResponse<String> send(HttpClient http, URI endpoint, String token, String session, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("POST " + endpoint + " failed", e);
        }
    }

    /** The endpoint the server's serving line names. */
    private static URI endpoint(Process process) throws Exception {
        BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        for (String line; (line = stderr.readLine()) != null; ) {
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> stderr.lines().forEach(l -> { })); // keep the pipe drained
                return URI.create(m.group(1));
            }
        }
        throw new AssertionError("the server stopped before serving");
    }
}
