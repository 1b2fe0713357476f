package dev.mxcp.host.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.manager.McpManagerException.Kind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server configs: the seed's schema as it is, our documented keys with their defaults, one-line errors. */
class ServerConfigTest {

    private static final String SEED = """
            {"name": "docker-server", "server_type": "infrastructure", "url": "http://localhost:8001",
             "auth": {"type": "api_key", "key": "secret"}, "priority": 10, "tags": ["docker", "production"]}""";

    @Test
    void theSeedsConfigIsAcceptedAsItIsAndAUrlWithoutPathMeansMcp() {
        ServerConfig config = ServerConfig.parse("docker-1", SEED);
        assertThat(config.name()).isEqualTo("docker-server");
        assertThat(config.serverType()).isEqualTo("infrastructure");
        assertThat(config.target()).isEqualTo(new ServerConfig.Remote(URI.create("http://localhost:8001/mcp"),
                new ServerConfig.Auth("X-API-Key", "secret")));
        assertThat(config.priority()).isEqualTo(10);
        assertThat(config.tags()).containsExactly("docker", "production");
    }

    @Test
    void defaultsAreContextForgesNumbers() {
        ServerConfig config = ServerConfig.parse("s", "{\"url\": \"https://example.com/api/mcp\"}");
        assertThat(config.name()).isEqualTo("s");
        assertThat(config.target()).isEqualTo(new ServerConfig.Remote(URI.create("https://example.com/api/mcp"),
                ServerConfig.Auth.NONE));
        assertThat(config.instances()).isEqualTo(1);
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.health()).isEqualTo(new ServerConfig.HealthCheck(Duration.ofSeconds(60), Duration.ofSeconds(5), 3,
                Duration.ofSeconds(60), 0.1, 2000));
        assertThat(config.breaker()).isEqualTo(new ServerConfig.Breaker(0.5, 10, 5, Duration.ofSeconds(60)));
    }

    @Test
    void extraKeysSetTimeoutsHealthChecksAndTheBreaker() {
        ServerConfig config = ServerConfig.parse("s", """
                {"url": "http://127.0.0.1:9/mcp", "auth": {"type": "bearer", "token": "t"}, "instances": 4,
                 "timeouts": {"connect": 0.5, "request": 2},
                 "health_check": {"interval": 0, "unhealthy_threshold": 2, "window": 1.5},
                 "circuit_breaker": {"consecutive_failures": 3, "cooldown": 0.25}}""");
        assertThat(((ServerConfig.Remote) config.target()).auth()).isEqualTo(new ServerConfig.Auth("Authorization", "Bearer t"));
        assertThat(config.instances()).isEqualTo(4);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.health().interval()).isZero();
        assertThat(config.health().window()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.breaker().cooldown()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void eachBadConfigGetsOneLineNamingTheServerAndTheKey() {
        List.of(
                List.of("{invalid json}", "Invalid config for server 's': config is not valid JSON ("),
                List.of("[]", "config must be a JSON object"),
                List.of("{\"url\": \"http://h\", \"colour\": 1}", "unknown key 'colour' (known: args, auth,"),
                List.of("{\"url\": \"http://h\", \"health_check\": {\"every\": 1}}", "unknown key 'health_check.every'"),
                List.of("{\"name\": \"x\"}", "config needs one of 'url' (a remote MCP server over Streamable HTTP), 'project'"),
                List.of("{\"url\": \"http://h\", \"project\": \".\"}", "or 'command' (a stdio server run as a child process), not several"),
                List.of("{\"project\": \"/nowhere\"}", "'project' must be an MXCP project's directory (with mxcp-site.yml): /nowhere"),
                List.of("{\"url\": \"http://h\", \"profile\": \"p\"}", "'profile' belongs to a local project ('project')"),
                List.of("{\"url\": \"http://h\", \"args\": []}", "'args' belongs to a stdio server ('command')"),
                List.of("{\"command\": \"npx\", \"env\": {\"A\": 1}}", "'env.A' must be a string"),
                List.of("{\"url\": \"ftp://h\"}", "'url' must be an http:// or https:// URL"),
                List.of("{\"url\": \"http://h\", \"priority\": 256}", "'priority' must be an integer from 0 to 255, got 256"),
                List.of("{\"url\": \"http://h\", \"tags\": \"a\"}", "'tags' must be a list of strings"),
                List.of("{\"url\": \"http://h\", \"auth\": {\"type\": \"basic\"}}", "'auth.type' must be none, api_key or bearer"),
                List.of("{\"url\": \"http://h\", \"auth\": {\"type\": \"bearer\"}}", "'auth.token' is required"),
                List.of("{\"url\": \"http://h\", \"circuit_breaker\": {\"error_rate\": 2}}", "'circuit_breaker.error_rate' must be"),
                List.of("{\"url\": \"http://h\", \"timeouts\": {\"request\": 0}}", "'timeouts.request' must be a number of seconds above 0"),
                List.of("{\"command\": \"npx\", \"auth\": {\"type\": \"none\"}}", "'auth' belongs to a remote server ('url')"))
                .forEach(c -> assertThatThrownBy(() -> ServerConfig.parse("s", c.get(0)))
                        .isInstanceOfSatisfying(McpManagerException.class, e -> {
                            assertThat(e.kind()).isEqualTo(Kind.INVALID_CONFIG);
                            assertThat(e.kind().invalidArgument()).isTrue();
                            assertThat(e.serverId()).isEqualTo("s");
                        })
                        .hasMessageContaining(c.get(1)).message().doesNotContain("\n"));
    }

    @Test
    void aCommandWithArgsAndEnvIsAStdioServer() {
        ServerConfig config = ServerConfig.parse("s", """
                {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything"], "env": {"TOKEN": "t"}}""");
        assertThat(config.target()).isEqualTo(new ServerConfig.Stdio(List.of("npx", "-y", "@modelcontextprotocol/server-everything"),
                java.util.Map.of("TOKEN", "t")));
    }

    @Test
    void secretsStayOutOfMessages() {
        assertThatThrownBy(() -> ServerConfig.parse("s", "{\"url\": \"http://h\", \"auth\": {\"type\": \"none\", \"token\": \"hunter2\"}}"))
                .hasMessageContaining("'auth.token' does not apply to auth type 'none'").message().doesNotContain("hunter2");
        // a token that would split the request's headers: refused when deployed, not sent
        assertThatThrownBy(() -> ServerConfig.parse("s", "{\"url\": \"http://h\", \"auth\": {\"type\": \"bearer\", \"token\": \"hunter2\\r\\nX-Evil: 1\"}}"))
                .hasMessageContaining("'auth' makes no valid HTTP header Authorization").message().doesNotContain("hunter2");
        assertThatThrownBy(() -> ServerConfig.parse("s", "{\"url\": \"http://h\", \"auth\": {\"type\": \"api_key\", \"key\": \"hunter2\", \"header\": \"X Key\"}}"))
                .hasMessageContaining("'auth' makes no valid HTTP header X Key").message().doesNotContain("hunter2");
    }
}
