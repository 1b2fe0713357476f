package dev.mxcp.host.transport;

import static dev.mxcp.host.transport.TestProject.args;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import dev.mxcp.host.config.ServerSettings;
import io.helidon.webserver.WebServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MXCP's built-in SQL tools over MCP: off unless the site file or the server's settings turn them on; then
 * listed with MXCP's hints and the site file's descriptions, and answering on the project's real database.
 */
class BuiltInSqlToolsTest {

    @TempDir
    Path dir;

    @Test
    void theSqlToolsQueryListAndDescribeTheProjectsDatabase() {
        Path project = project("""
                sql_tools:
                  enabled: true
                  list_tables: {description: The tables of the demo database}
                """, false);
        try (TestProject.Server server = TestProject.serve(project); McpClient client = server.client()) {
            client.initialize();
            Map<String, JsonNode> tools = tools(client);
            assertThat(tools).containsKeys("execute_sql_query", "list_tables", "get_table_schema", "own");
            JsonNode query = tools.get("execute_sql_query");
            assertThat(query.at("/annotations/readOnlyHint").asBoolean()).isFalse();
            assertThat(query.at("/annotations/destructiveHint").asBoolean()).isTrue();
            assertThat(query.at("/inputSchema/required/0").asText()).isEqualTo("sql");
            assertThat(tools.get("list_tables").get("description").asText()).isEqualTo("The tables of the demo database");
            assertThat(tools.get("get_table_schema").get("description").asText())
                    .isEqualTo("Get the schema for a specific table in the DuckDB database");

            assertThat(call(client, "execute_sql_query", args("sql",
                    "CREATE TABLE people (id INTEGER NOT NULL, name VARCHAR)")).has("isError")).isFalse();
            call(client, "execute_sql_query", args("sql", "INSERT INTO people VALUES (1, 'Ada'), (2, 'Grace')"));
            JsonNode rows = call(client, "execute_sql_query", args("sql", "SELECT name FROM people ORDER BY id"));
            assertThat(rows.at("/structuredContent/result").toString()).isEqualTo("[{\"name\":\"Ada\"},{\"name\":\"Grace\"}]");

            JsonNode tables = call(client, "list_tables", Map.of());
            assertThat(tables.at("/structuredContent/result").toString())
                    .isEqualTo("[{\"name\":\"people\",\"type\":\"BASE TABLE\"}]");
            JsonNode columns = call(client, "get_table_schema", args("table_name", "people"));
            assertThat(columns.at("/structuredContent/result").toString()).isEqualTo(
                    "[{\"name\":\"id\",\"type\":\"INTEGER\",\"nullable\":\"NO\"},"
                            + "{\"name\":\"name\",\"type\":\"VARCHAR\",\"nullable\":\"YES\"}]");

            JsonNode broken = call(client, "execute_sql_query", args("sql", "SELECT * FROM nowhere"));
            assertThat(broken.get("isError").asBoolean()).isTrue();
            assertThat(broken.at("/content/0/text").asText()).contains("tool 'execute_sql_query'").contains("nowhere");
            JsonNode missing = client.request("tools/call", Map.of("name", "execute_sql_query", "arguments", Map.of()));
            assertThat(missing.toString()).contains("sql");
        }
    }

    @Test
    void theyAreOffByDefaultAndTheServersSettingWinsOverTheSiteFile() {
        Path off = project("", false);
        try (TestProject.Server server = TestProject.serve(off); McpClient client = server.client()) {
            client.initialize();
            assertThat(tools(client)).containsOnlyKeys("own");
        }
        Path on = project("sql_tools: {enabled: true}\n", false);
        Mxcp mxcp = Mxcp.builder().project(on).environment(Fixtures.env(dir.resolve("home")))
                .settings(new ServerSettings.Overrides(null, null, null, null, null, null, null, null, null, null, null,
                        null, false))
                .build();
        try (TestProject.Server server = new TestProject.Server(mxcp, WebServer.builder().host("127.0.0.1").port(0)
                .shutdownHook(false).routing(r -> mxcp.mount(r, "/mcp")).build().start());
             McpClient client = server.client()) {
            client.initialize();
            assertThat(tools(client)).containsOnlyKeys("own");
        }
    }

    @Test
    void aProjectToolOfTheSameNameIsServedInsteadOfTheBuiltInOne() {
        Path project = project("sql_tools: {enabled: true}\n", true);
        try (TestProject.Server server = TestProject.serve(project); McpClient client = server.client()) {
            client.initialize();
            assertThat(tools(client).get("list_tables").get("description").asText()).isEqualTo("The project's own");
            assertThat(call(client, "list_tables", Map.of()).at("/structuredContent/result").asText()).isEqualTo("mine");
        }
    }

    /** A project with a tool of its own ("own"), and with {@code clash} one named like a built-in ("list_tables"). */
    private Path project(String siteExtra, boolean clash) {
        Path project = dir.resolve("p" + dir.toFile().list().length);
        Fixtures.project(project);
        Fixtures.write(project, "mxcp-site.yml", "mxcp: 1\nproject: demo\nprofile: dev\n" + siteExtra);
        Fixtures.write(project, "tools/own.yml", """
                mxcp: 1
                tool:
                  name: own
                  description: The project's tool
                  return: {type: integer}
                  source: {code: SELECT 1}
                """);
        if (!clash) {
            return project;
        }
        Fixtures.write(project, "tools/tables.yml", """
                mxcp: 1
                tool:
                  name: list_tables
                  description: The project's own
                  return: {type: string}
                  source: {code: "SELECT 'mine'"}
                """);
        return project;
    }

    private static Map<String, JsonNode> tools(McpClient client) {
        Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
        client.result("tools/list", Map.of()).get("tools").forEach(tool -> byName.put(tool.get("name").asText(), tool));
        return byName;
    }

    private static JsonNode call(McpClient client, String tool, Map<String, Object> arguments) {
        return client.result("tools/call", Map.of("name", tool, "arguments", arguments));
    }
}
