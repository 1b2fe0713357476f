package dev.mxcp.host.cli;

import dev.mxcp.host.Mxcp;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind the launcher's startup cache (JDK 25's AOT cache): the launcher runs this once per
 * build with {@code -XX:AOTCacheOutput}, and every later process maps the classes it loaded, already parsed
 * and linked. So it does what real processes do: validate, list, test and run a small project with SQL,
 * Python and JavaScript endpoints, and serve it over Streamable HTTP to one MCP session. Not a user command.
 */
final class StartupTraining {

    private static final Map<String, String> PROJECT = Map.of(
            "mxcp-site.yml", """
                    mxcp: 1
                    project: training
                    profile: default
                    """,
            "tools/lookup.yml", """
                    mxcp: 1
                    tool:
                      name: lookup
                      description: Looks an item up
                      parameters:
                        - {name: id, type: integer, description: Item id}
                      return: {type: array, items: {type: object}}
                      source:
                        code: SELECT $id AS id, 'item ' || $id AS name, DATE '2024-01-01' AS since
                      tests:
                        - name: finds
                          arguments: [{key: id, value: 7}]
                          result_contains: {id: 7}
                    """,
            "tools/py_lookup.yml", """
                    mxcp: 1
                    tool:
                      name: py_lookup
                      description: Looks an item up from Python
                      language: python
                      parameters:
                        - {name: id, type: integer, description: Item id}
                      return: {type: object}
                      source: {file: ../python/lookup.py}
                      tests:
                        - name: finds
                          arguments: [{key: id, value: 7}]
                          result: {id: 7, name: item 7}
                    """,
            "tools/js_lookup.yml", """
                    mxcp: 1
                    tool:
                      name: js_lookup
                      description: Looks an item up from JavaScript
                      language: javascript
                      parameters:
                        - {name: id, type: integer, description: Item id}
                      return: {type: object}
                      source: {file: ../js/lookup.mjs}
                      tests:
                        - name: finds
                          arguments: [{key: id, value: 7}]
                          result: {id: 7, name: item 7}
                    """,
            "python/lookup.py", """
                    from mxcp.runtime import db, mcp

                    async def py_lookup(id: int) -> dict:
                        await mcp.info("looking up")
                        return db.execute("SELECT $id AS id, 'item ' || $id AS name", {"id": id})[0]
                    """,
            "js/lookup.mjs", """
                    import { db, mcp } from "mxcp:runtime";

                    export async function js_lookup({ id }) {
                      await mcp.info("looking up");
                      return db.execute("SELECT $id AS id, 'item ' || $id AS name", { id })[0];
                    }
                    """,
            "resources/item.yml", """
                    mxcp: 1
                    resource:
                      uri: "items://{id}"
                      description: One item
                      mime_type: application/json
                      parameters:
                        - {name: id, type: integer, description: Item id}
                      source:
                        code: SELECT $id AS id
                    """,
            "prompts/describe.yml", """
                    mxcp: 1
                    prompt:
                      name: describe
                      description: Describes an item
                      parameters:
                        - {name: id, type: string, description: Item id}
                      messages:
                        - role: user
                          type: text
                          prompt: "Describe item {{ id }}{% if id == '1' %} (the first){% endif %}."
                    """);

    private static final List<String> CALLS = List.of(
            """
            {"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
            """
            {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"lookup","arguments":{"id":1}}}""",
            """
            {"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"py_lookup","arguments":{"id":1}}}""",
            """
            {"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"js_lookup","arguments":{"id":1}}}""",
            """
            {"jsonrpc":"2.0","id":6,"method":"resources/read","params":{"uri":"items://1"}}""",
            """
            {"jsonrpc":"2.0","id":7,"method":"prompts/get","params":{"name":"describe","arguments":{"id":"1"}}}""");

    private StartupTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path project = Files.createTempDirectory("mxcp-training");
        try {
            for (var file : PROJECT.entrySet()) {
                Path path = project.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            Map<String, String> env = Map.of();
            String dir = project.toString();
            int failures = 0;
            for (String[] command : List.of(new String[] {"validate", "--project", dir},
                    new String[] {"list", "--project", dir},
                    new String[] {"run", "tool", "lookup", "--param", "id=1", "--project", dir},
                    new String[] {"query", "SELECT 42 AS answer", "--project", dir},
                    new String[] {"test", "--project", dir})) {
                failures += Main.run(command, quiet, quiet, env) == 0 ? 0 : 1;
            }
            failures += serve(project);
            System.exit(failures == 0 ? 0 : 1);
        } finally {
            try (Stream<Path> files = Files.walk(project)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One MCP session over HTTP: initialize, then every kind of request; returns the number of failures. */
    private static int serve(Path project) throws IOException, InterruptedException {
        try (Mxcp mxcp = Mxcp.create(project)) {
            WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                    .routing(routing -> mxcp.mount(routing, "/mcp")).build().start();
            try (HttpClient client = HttpClient.newHttpClient()) {
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/mcp");
                HttpResponse<String> init = post(client, uri, null, """
                        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",\
                        "capabilities":{},"clientInfo":{"name":"training","version":"1"}}}""");
                String session = init.headers().firstValue("Mcp-Session-Id").orElse(null);
                post(client, uri, session, """
                        {"jsonrpc":"2.0","method":"notifications/initialized"}""");
                int failures = 0;
                for (String call : CALLS) {
                    HttpResponse<String> response = post(client, uri, session, call);
                    failures += response.statusCode() == 200 && response.body().contains("\"result\"")
                            && !response.body().contains("\"isError\":true") ? 0 : 1;
                }
                return failures;
            } finally {
                server.stop();
            }
        }
    }

    private static HttpResponse<String> post(HttpClient client, URI uri, String session, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
