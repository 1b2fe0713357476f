package dev.mxcp.host.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.Fixtures;
import dev.mxcp.host.base.MxcpException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server settings resolve as: defaults, then the user configuration, then flags or builder calls. */
class ServerSettingsTest {

    @TempDir
    Path dir;

    private ServerSettings resolve(String userConfig, ServerSettings.Overrides overrides) {
        Fixtures.project(dir);
        Path file = Fixtures.write(dir, "config.yml", userConfig);
        ProjectConfig config = ProjectConfig.load(dir, ProjectConfig.Overrides.NONE,
                Fixtures.env(dir.resolve("home"), "MXCP_CONFIG", file.toString()));
        return ServerSettings.resolve(config, overrides);
    }

    @Test
    void withoutConfigurationTheDefaultsApply() {
        assertThat(resolve("mxcp: 1\n", ServerSettings.Overrides.NONE)).isEqualTo(ServerSettings.DEFAULTS);
        assertThat(ServerSettings.DEFAULTS.host()).isEqualTo("127.0.0.1");
        assertThat(ServerSettings.DEFAULTS.toolCallBurst()).isEqualTo(100);
    }

    @Test
    void theUserConfigurationOverridesDefaultsAndFlagsOverrideIt() {
        String config = """
                mxcp: 1
                transport:
                  provider: stdio
                  http: {host: localhost, port: 9000, stateless: true, allowed_origins: ["https://a.example.com"]}
                  rate_limit: {enabled: false}
                """;
        ServerSettings fromConfig = resolve(config, ServerSettings.Overrides.NONE);
        assertThat(fromConfig.transport()).isEqualTo("stdio");
        assertThat(fromConfig.host()).as("MXCP's localhost is the loopback address").isEqualTo("127.0.0.1");
        assertThat(fromConfig.port()).isEqualTo(9000);
        assertThat(fromConfig.stateless()).isTrue();
        assertThat(fromConfig.limitsToolCalls()).isFalse();

        ServerSettings flagged = resolve(config, new ServerSettings.Overrides("streamable-http", "0.0.0.0", 0, false,
                List.of("https://b.example.com"), List.of("mcp.example.com"), 1024L, Duration.ofMillis(200),
                Duration.ofSeconds(5), 7, null, true, null));
        assertThat(flagged.transport()).isEqualTo("streamable-http");
        assertThat(flagged.host()).isEqualTo("0.0.0.0");
        assertThat(flagged.port()).isZero();
        assertThat(flagged.stateless()).isFalse();
        assertThat(flagged.allowedOrigins()).as("flags add to the configured list")
                .containsExactly("https://a.example.com", "https://b.example.com");
        assertThat(flagged.allowedHosts()).containsExactly("mcp.example.com");
        assertThat(flagged.maxRequestBytes()).isEqualTo(1024);
        assertThat(flagged.pollAfter()).isEqualTo(Duration.ofMillis(200));
        assertThat(flagged.drainTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(flagged.toolCallsPerSecond()).isEqualTo(7);
        assertThat(flagged.toolCallBurst()).as("twice the rate").isEqualTo(14);
        assertThat(flagged.watch()).isTrue();
    }

    @Test
    void theOldSseTransportIsAccepted() {
        assertThat(resolve("mxcp: 1\ntransport:\n  provider: sse\n", ServerSettings.Overrides.NONE).transport())
                .isEqualTo(ServerSettings.SSE);
    }

    @Test
    void badFlagValuesAreOneLineErrors() {
        assertThatThrownBy(() -> resolve("mxcp: 1\n", new ServerSettings.Overrides("websocket", null, null, null, null, null,
                null, null, null, null, null, null, null)))
                .isInstanceOf(MxcpException.class).hasMessage("transport 'websocket' is not supported; use streamable-http, sse or stdio");
        assertThatThrownBy(() -> resolve("mxcp: 1\n", new ServerSettings.Overrides(null, null, null, null,
                List.of("app.example.com"), null, null, null, null, null, null, null, null)))
                .isInstanceOf(MxcpException.class).hasMessageStartingWith("allowed origin: 'app.example.com' is not an origin");
    }
}
