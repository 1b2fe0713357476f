package dev.mxcp.host.manager;

import static dev.mxcp.host.manager.McpManagerTest.config;
import static dev.mxcp.host.manager.Upstream.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.engine.ProjectRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway following the manager's servers as they come and go (GatewayTest serves it over MCP). */
class McpGatewayTest {

    @TempDir
    Path dir;

    private static List<String> names(McpGateway gateway) {
        return gateway.endpoints().stream().map(Endpoint::key).toList();
    }

    @Test
    void serversThatComeAndGoChangeTheEndpointsAndTellTheListeners() {
        try (Upstream a = Upstream.start(dir.resolve("a"));
             Upstream b = Upstream.start(dir.resolve("b"));
             McpManager manager = McpManager.create()) {
            manager.start();
            manager.deployServer("a", config(a.url(), "\"tags\": [\"team\"]"));
            McpGateway gateway = manager.gateway(List.of("team"), Map.of());
            AtomicInteger changes = new AtomicInteger();
            ProjectRuntime.Subscription listening = gateway.onChange(changes::incrementAndGet);
            await(() -> names(gateway).contains("a__echo"), "a's tools");

            manager.deployServer("b", config(b.url(), "\"tags\": [\"team\"]"));
            manager.deployServer("other", config(b.url(), "\"tags\": [\"elsewhere\"]"));
            await(() -> names(gateway).contains("b__echo"), "b's tools");
            int beforeUndeploy = changes.get();
            assertThat(beforeUndeploy).isPositive();
            assertThat(names(gateway)).noneMatch(name -> name.startsWith("other__"));
            assertThat(gateway.serves(gateway.endpoints().getFirst())).isTrue();

            manager.undeployServer("a");
            assertThat(names(gateway)).noneMatch(name -> name.startsWith("a__")).contains("b__echo");
            assertThat(changes.get()).isGreaterThan(beforeUndeploy);
            listening.close();
            gateway.close();
        }
    }
}
