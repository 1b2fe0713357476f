package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mxcp serve} with an admin socket it cannot open: exit 1, one line naming the setting and the path. */
@Timeout(120)
class ServeAdminSocketTest {

    @TempDir
    Path dir;

    @Test
    void aSocketPathInUseStopsServeWithOneLineAndTheRunningServerKeepsServing() throws Exception {
        Path project = Fixtures.project(dir.resolve("p"));
        Path socket = dir.resolve("mxcp.sock");
        Map<String, String> env = Fixtures.env(dir.resolve("home"), "MXCP_ADMIN_ENABLED", "1",
                "MXCP_ADMIN_SOCKET", socket.toString());
        try (Mxcp running = Mxcp.builder().project(project).environment(env).build()) {
            for (String transport : new String[] {"streamable-http", "stdio"}) {
                CliRun run = CliRun.inProject(env, project, "serve", "--port", "0", "--transport", transport);
                assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
                assertThat(run.out()).isEmpty();
                assertThat(run.err().strip().lines()).containsExactly("Error: MXCP_ADMIN_SOCKET: cannot open the admin"
                        + " socket at " + socket + ": another server is listening on it (stop that server or choose"
                        + " another path)");
            }
            assertThat(dev.mxcp.host.admin.AdminSocketTest.request(socket, "GET", "/health").status()).isEqualTo(200);
        }
    }
}
