package dev.mxcp.host.transport;

import static dev.mxcp.host.transport.TestProject.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runaway SQL endpoint is stopped at {@code sql.timeout_seconds}: DuckDB interrupts its statement, the client
 * gets a tool error saying so, its connection goes back to the pool, and the other calls meanwhile are served.
 */
class SqlTimeoutTest {

    @TempDir
    Path dir;

    @Test
    void aRunawayQueryAnswersWithATimeoutAtItsLimitWhileFiftyOtherCallsSucceed() throws Exception {
        Path project = TestProject.write(dir.resolve("project"));
        Files.writeString(project.resolve("mxcp-site.yml"), "sql:\n  timeout_seconds: 2\n", StandardOpenOption.APPEND);
        try (TestProject.Server server = TestProject.serve(project); McpClient client = server.client();
             ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            client.initialize();
            // scanning 50e12 rows would take days
            CompletableFuture<JsonNode> runaway = CompletableFuture.supplyAsync(() -> client.result("tools/call",
                    Map.of("name", "slow", "arguments", args("rows", 50_000_000_000_000L))), callers);
            Thread.sleep(300);
            List<CompletableFuture<JsonNode>> others = IntStream.range(0, 50)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> client.result("tools/call",
                            Map.of("name", "greet", "arguments", args("name", "caller " + i))), callers))
                    .toList();
            for (int i = 0; i < others.size(); i++) {
                assertThat(others.get(i).get(30, TimeUnit.SECONDS).at("/content/0/text").asText())
                        .isEqualTo("Hello, caller " + i + "!");
            }
            assertThat(runaway).as("the other calls did not wait for the runaway one").isNotDone();

            JsonNode timedOut = runaway.get(30, TimeUnit.SECONDS);
            assertThat(timedOut.get("isError").asBoolean()).isTrue();
            assertThat(timedOut.at("/content/0/text").asText())
                    .contains("tool 'slow' timed out: stopped after 2 s")
                    .contains("sql.timeout_seconds in mxcp-site.yml");
            // the interrupted connection went back to the pool healthy: both connections serve queries again
            List<CompletableFuture<JsonNode>> after = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> client.result("tools/call",
                            Map.of("name", "slow", "arguments", args("rows", 1_000_000))), callers))
                    .toList();
            for (CompletableFuture<JsonNode> call : after) {
                assertThat(call.get(30, TimeUnit.SECONDS).has("isError")).isFalse();
            }
            assertThat(server.mxcp().drain(Duration.ofSeconds(5))).as("nothing is left running").isTrue();
        }
    }
}
