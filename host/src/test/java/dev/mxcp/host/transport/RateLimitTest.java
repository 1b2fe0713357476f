package dev.mxcp.host.transport;

import static dev.mxcp.host.transport.TestProject.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rate limit of tool calls, set in the user configuration: a burst over it gets a JSON-RPC error naming the
 * limit, where it is set and when to retry; calls under it, other methods and other clients go on; the client
 * is served again after the delay. The same over stateful HTTP, stateless HTTP (per address) and stdio.
 */
class RateLimitTest {

    /** Two calls per second, bursts of three: a test can go over it in a few milliseconds. */
    private static final String LIMITED = """
            mxcp: 1
            transport:
              rate_limit:
                tool_calls_per_second: 2
                burst: 3
            """;

    @TempDir
    Path dir;

    @Test
    void aBurstOverTheLimitOfASessionIsRefusedUntilTheDelayPasses() throws Exception {
        try (TestProject.Server server = serve(LIMITED, HttpOptions.defaults()); McpClient client = server.client();
             McpClient other = server.client()) {
            client.initialize();
            JsonNode error = burstUntilRefused(client);
            assertRateLimited(error, "session");
            assertThat(client.result("tools/list", Map.of()).get("tools")).as("other methods go on").isNotEmpty();
            other.initialize();
            assertThat(greet(other).has("result")).as("another session has its own limit").isTrue();
            Thread.sleep(error.at("/data/retryAfterMs").asLong() + 50);
            assertThat(greet(client).at("/result/content/0/text").asText()).isEqualTo("Hello, Ada!");
        }
    }

    @Test
    void statelessRequestsAreCountedPerClientAddress() {
        HttpOptions stateless = new HttpOptions(true, List.of(), List.of(), HttpOptions.DEFAULT_MAX_REQUEST_BYTES, null);
        try (TestProject.Server server = serve(LIMITED, stateless); McpClient client = server.client()) {
            assertRateLimited(burstUntilRefused(client), "client address");
        }
    }

    @Test
    void stdioHasTheSameLimit() throws Exception {
        Path project = project(LIMITED);
        try (Mxcp mxcp = Mxcp.builder().project(project).environment(Fixtures.env(dir.resolve("home"))).build();
             McpClient client = TestProject.stdio(mxcp)) {
            client.initialize();
            assertRateLimited(burstUntilRefused(client), "session");
            assertThat(client.result("ping", Map.of()).isEmpty()).isTrue();
        }
    }

    @Test
    void theLimitCanBeTurnedOff() {
        try (TestProject.Server server = serve("mxcp: 1\ntransport:\n  rate_limit:\n    enabled: false\n", HttpOptions.defaults());
             McpClient client = server.client()) {
            client.initialize();
            for (int i = 0; i < 150; i++) {
                assertThat(greet(client).has("result")).as("call %d", i + 1).isTrue();
            }
        }
    }

    /**
     * Calls a tool until a call is refused: the refusal, after at least a burst of successes. (Looping, not
     * counting exactly: a slow first call in a cold JVM lets the bucket refill a little.)
     */
    private static JsonNode burstUntilRefused(McpClient client) {
        for (int calls = 0; calls < 50; calls++) {
            JsonNode response = greet(client);
            if (response.has("error")) {
                assertThat(calls).as("calls that succeeded before the refusal").isGreaterThanOrEqualTo(3);
                return response.get("error");
            }
        }
        throw new AssertionError("50 tool calls in a row and none was refused");
    }

    private static void assertRateLimited(JsonNode error, String client) {
        assertThat(error).as("a JSON-RPC error").isNotNull();
        assertThat(error.get("code").asInt()).isEqualTo(-32003);
        assertThat(error.get("message").asText())
                .startsWith("Rate limit exceeded: at most 2 tool calls per second (bursts of 3) per " + client + "; retry in ")
                .endsWith(" ms (the limit is transport.rate_limit in the server's user configuration)")
                .doesNotContain("\n");
        assertThat(error.at("/data/retryAfterMs").asLong()).isBetween(1L, 500L);
        assertThat(error.at("/data/toolCallsPerSecond").asInt()).isEqualTo(2);
        assertThat(error.at("/data/burst").asInt()).isEqualTo(3);
    }

    private static JsonNode greet(McpClient client) {
        return client.request("tools/call", Map.of("name", "greet", "arguments", args("name", "Ada")));
    }

    /** The test project, with {@code userConfig} as the user configuration of the tests' home. */
    private Path project(String userConfig) {
        Fixtures.write(dir.resolve("home"), ".mxcp/config.yml", userConfig);
        return TestProject.write(dir.resolve("project"));
    }

    private TestProject.Server serve(String userConfig, HttpOptions options) {
        return TestProject.serve(project(userConfig), options);
    }
}
