package dev.mxcp.host.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.Fixtures;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.engine.ProjectRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session bookkeeping of the core: unique unguessable ids, termination, idle expiry. */
class SessionsTest {

    @TempDir
    Path dir;

    private McpServer server(ProjectRuntime runtime) {
        return McpServer.create(runtime, McpOptions.of("t", "1"), List.of());
    }

    private ProjectRuntime runtime() {
        Fixtures.project(dir);
        return ProjectRuntime.open(ProjectConfig.load(dir, ProjectConfig.Overrides.NONE, Fixtures.env(dir.resolve("home"))));
    }

    @Test
    void idsAreDistinct128BitHex() {
        try (ProjectRuntime runtime = runtime(); McpServer server = server(runtime)) {
            Session a = server.openSession();
            Session b = server.openSession();
            assertThat(a.id()).matches("[0-9a-f]{32}").isNotEqualTo(b.id());
            assertThat(server.session(a.id())).contains(a);
        }
    }

    @Test
    void aTerminatedSessionIsGoneAndClosed() {
        try (ProjectRuntime runtime = runtime(); McpServer server = server(runtime)) {
            Session session = server.openSession();
            assertThat(server.terminate(session.id())).isTrue();
            assertThat(server.session(session.id())).isEmpty();
            assertThat(session.state()).isEqualTo(Session.State.CLOSED);
            assertThat(server.terminate(session.id())).isFalse();
        }
    }

    @Test
    void idleSessionsExpireButOnesWithAnOpenStreamStay() throws Exception {
        try (ProjectRuntime runtime = runtime(); McpServer server = server(runtime)) {
            Session idle = server.openSession();
            Session streaming = server.openSession();
            streaming.attach(frame -> true);
            Thread.sleep(5);
            assertThat(server.expireIdle(Duration.ofMillis(1))).isEqualTo(1);
            assertThat(server.session(idle.id())).isEmpty();
            assertThat(server.session(streaming.id())).isPresent();
        }
    }
}
