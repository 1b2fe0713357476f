package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.audit.AuditFiles;
import dev.mxcp.host.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mxcp serve} as a real process: it serves on a free port, takes allowed origins from the user
 * configuration and its flags, and shuts down gracefully on SIGTERM.
 */
class ServeIT {

    private static final Pattern SERVING = Pattern.compile("at (http://\\S+)$");
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
             "capabilities":{},"clientInfo":{"name":"it","version":"1"}}}""";

    @TempDir
    Path dir;

    @Test
    void sigtermDuringALongCallLetsItFinishThenExits() throws Exception {
        Path project = Fixtures.project(dir.resolve("p"));
        Fixtures.write(project, "tools/slow.yml", """
                mxcp: 1
                tool:
                  name: slow
                  description: Takes a couple of seconds
                  return: {type: integer}
                  source:
                    code: SELECT count(*) AS n FROM range(500000000) t(i) WHERE hash(i) % 7 = 3
                """);
        Process process = serve(project, null);
        try {
            URI endpoint = endpoint(process);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> init = post(http, endpoint, null, INITIALIZE);
            String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            URI target = endpoint;
            CompletableFuture<HttpResponse<String>> call = CompletableFuture.supplyAsync(() -> post(http, target, session,
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}"));
            Thread.sleep(700);
            process.destroy(); // SIGTERM
            HttpResponse<String> answer = call.get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(Json.parse(answer.body()).at("/result/structuredContent/result").asLong()).isPositive();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits after draining").isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void originsAllowedByTheUserConfigAndByFlagsGetThroughAndOthersGet403() throws Exception {
        Path project = Fixtures.project(dir.resolve("p"));
        Path userConfig = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                transport:
                  http:
                    allowed_origins: [https://app.example.com]
                """);
        Process process = serve(project, userConfig, "--allowed-origin", "https://flag.example.com");
        try {
            URI endpoint = endpoint(process);
            HttpClient http = HttpClient.newHttpClient();
            assertThat(post(http, endpoint, null, INITIALIZE, "Origin", "https://app.example.com").statusCode()).isEqualTo(200);
            assertThat(post(http, endpoint, null, INITIALIZE, "Origin", "https://flag.example.com").statusCode()).isEqualTo(200);
            assertThat(post(http, endpoint, null, INITIALIZE, "Origin", "http://localhost:6274").statusCode()).isEqualTo(200);
            HttpResponse<String> refused = post(http, endpoint, null, INITIALIZE, "Origin", "https://evil.example.com");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("Forbidden: origin not allowed");
        } finally {
            process.destroyForcibly();
        }
    }

    /** The same check as an embedded project's (EmbeddingTest): configured origin and Host pass, others get 403. */
    @Test
    void originsAndHostsOfTheUserConfigApplyAndOthersGet403() throws Exception {
        Path project = Fixtures.project(dir.resolve("p"));
        Path userConfig = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                transport:
                  http:
                    allowed_origins: ["https://app.example.com"]
                    allowed_hosts: ["mcp.example.com"]
                """);
        Process process = serve(project, userConfig);
        try {
            int port = endpoint(process).getPort();
            String local = "127.0.0.1:" + port;
            assertThat(Fixtures.post(port, "/mcp", local, "https://app.example.com", Fixtures.INITIALIZE)).isEqualTo(200);
            assertThat(Fixtures.post(port, "/mcp", "mcp.example.com", null, Fixtures.INITIALIZE)).isEqualTo(200);
            assertThat(Fixtures.post(port, "/mcp", local, "https://evil.example.com", Fixtures.INITIALIZE)).isEqualTo(403);
            assertThat(Fixtures.post(port, "/mcp", "rebind.example.net", null, Fixtures.INITIALIZE)).isEqualTo(403);
        } finally {
            process.destroyForcibly();
        }
    }

    /** Fail closed through the real launcher: one line on stderr, exit 1 (all refused keys: UnsupportedSettingsTest). */
    @Test
    void anIssuerModeProfileOfAnotherProviderStopsTheServerWithOneLine() throws Exception {
        Path project = Fixtures.project(dir.resolve("p"));
        Path userConfig = Fixtures.write(dir, "config.yml", UnsupportedSettingsTest.ISSUER_MODE);
        Process process = serve(project, userConfig);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(stderr).isEqualTo(1);
        assertThat(stderr).as("no stack trace").doesNotContain("\tat ");
        // only the project's own line: the launcher may log its build or startup cache before the command runs
        assertThat(stderr.strip().lines().filter(line -> line.contains("demo") || line.startsWith("Error"))).as(stderr)
                .containsExactly("Error: " + userConfig + ":7:21: projects.demo.profiles.dev.auth.provider: not"
                + " supported yet: issuer mode through provider 'github' (issuer mode logs users in through provider"
                + " oidc or keycloak only) is not available in this runtime, so the project is refused rather than"
                + " run without it");
    }

    /** The OIDC verifier through the real launcher: a real issuer's token gets in, none is 401. */
    @Test
    void aVerifierProfileServesCallersWithTheIssuersTokensOnly() throws Exception {
        MockOAuth2Server issuer = new MockOAuth2Server();
        issuer.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
        Path project = Fixtures.project(dir.resolve("p"));
        Path userConfig = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                projects:
                  demo:
                    profiles:
                      dev:
                        auth:
                          provider: oidc
                          mode: verifier
                          oidc: {config_url: "%s", audience: mcp-server}
                """.formatted(issuer.wellKnownUrl("default")));
        Process process = serve(project, userConfig);
        try {
            URI endpoint = endpoint(process);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> refused = post(http, endpoint, null, INITIALIZE);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .startsWith("Bearer resource_metadata=\"http://127.0.0.1:");
            String token = issuer.issueToken("default", "client", new DefaultOAuth2TokenCallback("default", "alice",
                    "JWT", java.util.List.of("mcp-server"), java.util.Map.of(), 300)).serialize();
            assertThat(post(http, endpoint, null, INITIALIZE, "Authorization", "Bearer " + token).statusCode())
                    .isEqualTo(200);
        } finally {
            process.destroyForcibly();
            issuer.shutdown();
        }
    }

    /**
     * Issuer mode through the real launcher: a client registers, logs in at a real OpenID Connect provider
     * through this server (following every redirect), and its token reaches SQL as the provider's user.
     */
    @Test
    void anIssuerProfileLogsUsersInAtTheProviderAndTheirNameReachesSql() throws Exception {
        MockOAuth2Server provider = new MockOAuth2Server();
        provider.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
        Path project = Fixtures.project(dir.resolve("p"));
        Fixtures.write(project, "tools/me.yml", """
                mxcp: 1
                tool:
                  name: me
                  return: {type: string}
                  source: {code: "SELECT get_username() AS who"}
                """);
        Path userConfig = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                projects:
                  demo:
                    profiles:
                      dev:
                        auth:
                          provider: oidc
                          oidc:
                            config_url: "%s"
                            client_id: mxcp-server
                            client_secret: upstream-secret
                            scope: openid profile
                            callback_path: /oidc/callback
                """.formatted(provider.wellKnownUrl("default")));
        Process process = serve(project, userConfig);
        try {
            URI endpoint = endpoint(process);
            String base = "http://127.0.0.1:" + endpoint.getPort();
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String redirect = "http://127.0.0.1:9/callback";
            String clientId = Json.parse(http.send(HttpRequest.newBuilder(URI.create(base + "/register"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"redirect_uris\":[\"" + redirect + "\"],"
                            + "\"token_endpoint_auth_method\":\"none\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("client_id").asText();
            provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice-id", "JWT",
                    java.util.List.of("mxcp-server"), java.util.Map.of("preferred_username", "alice"), 300));
            String verifier = "a-verifier-for-the-launcher-test-0123456789-abcdefghijkl";
            String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            String location = base + "/authorize?response_type=code&client_id=" + clientId + "&redirect_uri="
                    + java.net.URLEncoder.encode(redirect, StandardCharsets.UTF_8) + "&code_challenge=" + challenge
                    + "&code_challenge_method=S256&state=s";
            while (!location.startsWith(redirect)) { // this server, the provider, this server's callback
                location = http.send(HttpRequest.newBuilder(URI.create(location)).build(),
                        HttpResponse.BodyHandlers.ofString()).headers().firstValue("Location").orElseThrow();
            }
            Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
            assertThat(code.find()).as(location).isTrue();
            HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create(base + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + clientId
                            + "&code=" + code.group(1) + "&code_verifier=" + verifier + "&redirect_uri="
                            + java.net.URLEncoder.encode(redirect, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            String bearer = "Bearer " + Json.parse(tokens.body()).get("access_token").asText();
            assertThat(post(http, endpoint, null, INITIALIZE).statusCode()).isEqualTo(401);
            String session = post(http, endpoint, null, INITIALIZE, "Authorization", bearer).headers()
                    .firstValue("Mcp-Session-Id").orElseThrow();
            assertThat(post(http, endpoint, session, call(2, "me", "{}"), "Authorization", bearer).body())
                    .contains("\"text\":\"alice\"");
        } finally {
            process.destroyForcibly();
            provider.shutdown();
        }
    }

    /**
     * As MXCP: an endpoint file that fails to load stops the start, unless --ignore-errors serves the others (not
     * those that fail validation either).
     */
    @Test
    void aBrokenEndpointStopsTheStartUnlessErrorsAreIgnored() throws Exception {
        Path project = Fixtures.project(dir.resolve("p"));
        Fixtures.write(project, "tools/good.yml", """
                mxcp: 1
                tool:
                  name: good
                  description: Works
                  return: {type: string}
                  source: {code: "SELECT 'fine'"}
                """);
        Fixtures.write(project, "tools/broken.yml", "mxcp: 1\ntool:\n  name: broken\n  tpye: oops\n");

        Process refused = serve(project, null);
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(1);
        String err = new String(refused.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(err).contains("Error: server startup failed: found 1 endpoint(s) with errors")
                .contains("tools/broken.yml:3:3: tool: missing required key 'source'").contains("--ignore-errors").doesNotContain("Exception");

        Process json = serve(project, null, "--json-output");
        assertThat(json.waitFor(60, TimeUnit.SECONDS)).isTrue();
        JsonNode report = Json.parse(new String(json.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertThat(report.get("status").asText()).isEqualTo("error");
        assertThat(report.get("message").asText()).isEqualTo("Found 1 endpoint(s) with errors");
        assertThat(report.at("/failed_endpoints/0/path").asText()).isEqualTo("tools/broken.yml");
        assertThat(report.at("/failed_endpoints/0/error").asText()).contains("missing required key 'source'");

        // Loads, but fails validation (its SQL never reads $region): MXCP's server skips it too.
        Fixtures.write(project, "tools/unchecked.yml", """
                mxcp: 1
                tool:
                  name: unchecked
                  parameters: [{name: region, type: string, description: Unused}]
                  source: {code: "SELECT 1"}
                """);
        Process served = serve(project, null, "--ignore-errors");
        try {
            URI endpoint = endpoint(served);
            HttpClient http = HttpClient.newHttpClient();
            String session = post(http, endpoint, null, INITIALIZE).headers().firstValue("Mcp-Session-Id").orElseThrow();
            HttpResponse<String> tools = post(http, endpoint, session,
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            assertThat(tools.body()).contains("\"good\"").doesNotContain("\"broken\"").doesNotContain("\"unchecked\"");
        } finally {
            served.destroyForcibly();
        }
    }

    /** {@code --sql-tools true} serves MXCP's built-in SQL tools, which answer on the project's database. */
    @Test
    void theSqlToolsFlagServesTheBuiltInSqlTools() throws Exception {
        Path project = Fixtures.project(dir.resolve("p"));
        Process served = serve(project, null, "--sql-tools", "true");
        try {
            URI endpoint = endpoint(served);
            HttpClient http = HttpClient.newHttpClient();
            String session = post(http, endpoint, null, INITIALIZE).headers().firstValue("Mcp-Session-Id").orElseThrow();
            HttpResponse<String> created = post(http, endpoint, session, """
                    {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"execute_sql_query",
                     "arguments":{"sql":"CREATE TABLE orders AS SELECT 1 AS id"}}}""");
            assertThat(Json.parse(created.body()).at("/result/isError").asBoolean()).as(created.body()).isFalse();
            HttpResponse<String> tables = post(http, endpoint, session,
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"list_tables\"}}");
            assertThat(Json.parse(tables.body()).at("/result/structuredContent/result/0/name").asText()).isEqualTo("orders");
        } finally {
            served.destroyForcibly();
        }
    }

    /**
     * SIGHUP reloads the configuration as MXCP: a {@code file://} secret is read again and the database reopens,
     * while 240 tool calls on four threads run across the signal and every one is answered; a second SIGHUP
     * with a broken site file is refused with one line and the server keeps serving.
     */
    @Test
    void sighupReloadsTheConfigurationWithoutLosingACall() throws Exception {
        Path project = Fixtures.project(dir.resolve("p"));
        Fixtures.write(project, "tools/echo.yml", """
                mxcp: 1
                tool:
                  name: echo
                  parameters: [{name: n, type: integer, description: A number}]
                  return: {type: integer}
                  source: {code: SELECT $n AS n}
                """);
        Fixtures.write(project, "tools/proxy.yml", """
                mxcp: 1
                tool:
                  name: proxy
                  return: {type: string}
                  source: {code: "SELECT secret_string FROM duckdb_secrets() WHERE name = 'api'"}
                """);
        Path proxy = Fixtures.write(dir, "proxy.txt", "http://first.example:3128\n");
        Path userConfig = Fixtures.write(dir, "config.yml", """
                mxcp: 1
                transport: {rate_limit: {enabled: false}}
                projects:
                  demo:
                    profiles:
                      dev:
                        secrets:
                          - {name: api, type: http, parameters: {http_proxy: "file://%s"}}
                """.formatted(proxy));
        Process process = serve(project, userConfig);
        try {
            BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            URI endpoint = endpoint(stderr);
            HttpClient http = HttpClient.newHttpClient();
            String session = post(http, endpoint, null, INITIALIZE).headers().firstValue("Mcp-Session-Id").orElseThrow();
            assertThat(post(http, endpoint, session, call(1, "proxy", "{}")).body()).contains("first.example");
            Fixtures.write(dir, "proxy.txt", "http://second.example:3128\n");

            AtomicInteger answered = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<CompletableFuture<List<String>>> clients = new ArrayList<>();
            for (int c = 1; c <= 4; c++) {
                int base = 1000 * c;
                clients.add(CompletableFuture.supplyAsync(() -> {
                    List<String> failures = new ArrayList<>();
                    for (int n = base; n < base + 60; n++) {
                        HttpResponse<String> answer = post(http, endpoint, session, call(n, "echo", "{\"n\":" + n + "}"));
                        if (answer.statusCode() != 200 || !answer.body().contains("\"structuredContent\":{\"result\":" + n + "}")) {
                            failures.add(answer.statusCode() + " " + answer.body());
                        }
                        answered.incrementAndGet();
                    }
                    return failures;
                }, threads));
            }
            while (answered.get() < 40) {
                Thread.sleep(1);
            }
            hangUp(process);
            assertThat(stderr.readLine()).isEqualTo("mxcp: reloaded the configuration (SIGHUP)");
            for (CompletableFuture<List<String>> client : clients) {
                assertThat(client.get(120, TimeUnit.SECONDS)).as("calls that failed").isEmpty();
            }
            threads.shutdown();
            assertThat(answered.get()).isEqualTo(240);
            assertThat(post(http, endpoint, session, call(2, "proxy", "{}")).body()).contains("second.example");

            Fixtures.write(project, "mxcp-site.yml", "mxcp: 1\nproject: demo\nprofile: [dev\n");
            hangUp(process);
            assertThat(stderr.readLine()).startsWith("WARNING").contains("Reload (SIGHUP) refused, still serving the"
                    + " previous configuration: ").contains("mxcp-site.yml:");
            assertThat(post(http, endpoint, session, call(3, "proxy", "{}")).body()).contains("second.example");
            assertThat(process.isAlive()).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    private static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    private static void hangUp(Process process) throws Exception {
        assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor()).isZero();
    }

    /**
     * The audit record of a call is in the file once the call's answer is out: killing the server with
     * SIGKILL right after it loses nothing. Served over HTTP, the record names its caller and MCP session.
     */
    @Test
    void anAuditRecordSurvivesKillRightAfterTheCallReturns() throws Exception {
        Path project = Fixtures.write(dir.resolve("p"), "mxcp-site.yml", """
                mxcp: 1
                project: demo
                profile: dev
                profiles:
                  dev:
                    audit: {enabled: true}
                """).getParent();
        Fixtures.write(project, "tools/echo.yml", """
                mxcp: 1
                tool:
                  name: echo
                  parameters:
                    - {name: text, type: string, description: Said}
                    - {name: pin, type: string, sensitive: true, description: Never logged}
                  return: {type: string}
                  source: {code: "SELECT $text WHERE $pin IS NOT NULL"}
                """);
        Process process = serve(project, null);
        String session;
        try {
            URI endpoint = endpoint(process);
            HttpClient http = HttpClient.newHttpClient();
            session = post(http, endpoint, null, INITIALIZE).headers().firstValue("Mcp-Session-Id").orElseThrow();
            HttpResponse<String> answer = post(http, endpoint, session, """
                    {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo",
                     "arguments":{"text":"last words","pin":"4711-0815"}}}""");
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertThat(answer.body()).contains("last words");
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        List<String> lines = new ArrayList<>();
        for (Path segment : AuditFiles.segments(project.resolve("audit/logs-dev.jsonl"))) {
            lines.addAll(java.nio.file.Files.readAllLines(segment));
        }
        assertThat(lines).hasSize(1);
        JsonNode record = Json.parse(lines.getFirst());
        assertThat(record.get("operation_name").asText()).isEqualTo("echo");
        assertThat(record.get("operation_status").asText()).isEqualTo("success");
        assertThat(record.get("caller_type").asText()).isEqualTo("http");
        assertThat(record.get("session_id").asText()).isEqualTo(session);
        assertThat(record.at("/input_data/text").asText()).isEqualTo("last words");
        assertThat(lines.getFirst()).doesNotContain("4711");
    }

    @Test
    void aFailedCallIsOneJsonLogLineAndMetricsAndHealthAreServedBesideMcp() throws Exception {
        Path project = Fixtures.project(dir.resolve("p"));
        Fixtures.write(project, "tools/divide.yml", """
                mxcp: 1
                tool:
                  name: divide
                  parameters: [{name: by, type: integer, description: Divisor}]
                  return: {type: integer}
                  source: {code: "SELECT CAST(error('cannot divide by ' || $by) AS INTEGER)"}
                """);
        Process process = serve(project, null, "--log-format", "json");
        try {
            BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            URI endpoint = endpoint(stderr);
            HttpClient http = HttpClient.newHttpClient();
            String session = post(http, endpoint, null, INITIALIZE).headers().firstValue("Mcp-Session-Id").orElseThrow();
            HttpResponse<String> answer = post(http, endpoint, session, """
                    {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"divide","arguments":{"by":7031}}}""");
            assertThat(answer.body()).contains("isError");
            JsonNode logged = null;
            for (String line; logged == null && (line = stderr.readLine()) != null; ) {
                if (line.startsWith("{") && line.contains("call failed")) {
                    logged = Json.parse(line);
                }
            }
            assertThat(logged).as("the failed call's log line").isNotNull();
            assertThat(logged.get("level").asText()).isEqualTo("WARNING");
            assertThat(logged.get("endpoint").asText()).isEqualTo("tool 'divide'");
            assertThat(logged.get("caller").asText()).isEqualTo("http");
            assertThat(logged.get("error_type").asText()).isEqualTo("MxcpException");
            assertThat(logged.get("duration_ms").isIntegralNumber()).isTrue();
            assertThat(logged.toString()).doesNotContain("7031");

            URI metrics = endpoint.resolve("/metrics");
            HttpResponse<String> scraped = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.body()).contains("mxcp_endpoint_errors_total{caller=\"http\",endpoint=\"divide\","
                    + "error_type=\"MxcpException\",type=\"tool\"} 1.0");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(endpoint.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
            // a page of another origin is refused, as at /mcp
            HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(metrics).header("Origin", "https://evil.example.com")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(foreign.statusCode()).isEqualTo(403);
        } finally {
            process.destroyForcibly();
        }
    }

    /** {@code ./mxcp serve} on a free port for the project, with the given user configuration (or none). */
    private Process serve(Path project, Path userConfig, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(Fixtures.repositoryRoot().resolve("mxcp").toString(),
                "serve", "--port", "0", "--project", project.toString()));
        command.addAll(List.of(flags));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HOME", dir.resolve("home").toString());
        builder.environment().remove("MXCP_CONFIG");
        if (userConfig != null) {
            builder.environment().put("MXCP_CONFIG", userConfig.toString());
        }
        return builder.start();
    }

    /** The endpoint the server's serving line names. */
    private static URI endpoint(Process process) throws Exception {
        return endpoint(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)));
    }

    private static URI endpoint(BufferedReader stderr) throws Exception {
        URI endpoint = null;
        for (String line; endpoint == null && (line = stderr.readLine()) != null; ) {
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                endpoint = URI.create(m.group(1));
            }
        }
        assertThat(endpoint).as("the serving line").isNotNull();
        return endpoint;
    }

    private static HttpResponse<String> post(HttpClient http, URI endpoint, String session, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
