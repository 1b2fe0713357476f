package dev.mxcp.host.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.base.MxcpException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manager's configuration file: servers, defaults merged under them, and one line for what is wrong. */
class ManagerConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void defaultsApplyToEveryServerThatDoesNotSetThemAndObjectsMergeKeyByKey() {
        Fixtures.write(dir, "manager.yml", """
                defaults:
                  priority: 5
                  tags: [team]
                  health_check: {interval: 10, timeout: 2}
                servers:
                  docs: {url: "http://127.0.0.1:8001"}
                  tickets: {url: "http://127.0.0.1:8002", priority: 9, health_check: {interval: 0}}
                """);
        Map<String, JsonNode> servers = ManagerConfigFile.read(dir.resolve("manager.yml"));
        assertThat(servers.keySet()).containsExactly("docs", "tickets");
        assertThat(servers.get("docs").path("priority").asInt()).isEqualTo(5);
        assertThat(servers.get("docs").at("/health_check/interval").asInt()).isEqualTo(10);
        assertThat(servers.get("tickets").path("priority").asInt()).isEqualTo(9);
        assertThat(servers.get("tickets").at("/health_check/interval").asInt()).isZero();
        assertThat(servers.get("tickets").at("/health_check/timeout").asInt()).isEqualTo(2);
        assertThat(servers.get("tickets").path("tags").get(0).asText()).isEqualTo("team");
        // what the manager deploys: the merged configs are valid server configs
        assertThat(ServerConfig.parse("tickets", servers.get("tickets")).priority()).isEqualTo(9);
    }

    @Test
    void anUnknownKeyOrAMissingFileIsOneLineNamingTheFile() {
        Fixtures.write(dir, "bad.yml", "servers: {}\nretries: 3\n");
        assertThatThrownBy(() -> ManagerConfigFile.read(dir.resolve("bad.yml"))).isInstanceOf(MxcpException.class)
                .hasMessage("MCP manager config " + dir.resolve("bad.yml") + ": unknown key 'retries' (only 'servers'"
                        + " and 'defaults')");
        assertThatThrownBy(() -> ManagerConfigFile.read(dir.resolve("none.yml"))).isInstanceOf(MxcpException.class)
                .hasMessage("MCP manager config " + dir.resolve("none.yml") + ": no such file");
    }
}
