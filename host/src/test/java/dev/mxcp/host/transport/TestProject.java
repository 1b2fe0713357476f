package dev.mxcp.host.transport;

import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.util.Map;

/** A small MXCP project on disk for protocol tests, and a real server for it on 127.0.0.1. */
final class TestProject {

    private TestProject() {
    }

    /** Writes the project: tools echo, greet, slow, fail; resources note://text, note://blob, note://items/{id}; prompts ask, show and brief. */
    static Path write(Path dir) {
        Fixtures.project(dir);
        Fixtures.write(dir, "mxcp-site.yml", """
                mxcp: 1
                project: demo
                profile: dev
                profiles:
                  dev:
                    duckdb:
                      path: ":memory:"
                """);
        Fixtures.write(dir, "tools/echo.yml", """
                mxcp: 1
                tool:
                  name: echo
                  description: Echoes its arguments
                  annotations: {title: Echo, readOnlyHint: true}
                  parameters:
                    - {name: text, type: string, description: What to echo, minLength: 1}
                    - {name: count, type: integer, description: How often, default: 1, minimum: 1}
                  return:
                    type: object
                    properties:
                      text: {type: string}
                      count: {type: integer}
                  source:
                    code: SELECT $text AS text, $count AS count
                """);
        Fixtures.write(dir, "tools/header.yml", """
                mxcp: 1
                tool:
                  name: header
                  description: Reads a header of the HTTP request that carried the call
                  parameters:
                    - {name: name, type: string, description: Header name}
                  return: {type: string}
                  source:
                    code: SELECT get_request_header($name) AS value
                """);
        Fixtures.write(dir, "tools/greet.yml", """
                mxcp: 1
                tool:
                  name: greet
                  description: Greets
                  parameters:
                    - {name: name, type: string, description: Who}
                  return: {type: string}
                  source:
                    code: SELECT 'Hello, ' || $name || '!' AS greeting
                """);
        Fixtures.write(dir, "tools/slow.yml", """
                mxcp: 1
                tool:
                  name: slow
                  description: Runs for a long time unless cancelled
                  parameters:
                    - {name: rows, type: integer, description: How many rows to scan}
                  return: {type: integer}
                  source:
                    code: SELECT count(*) AS n FROM range($rows) t(i) WHERE hash(i) % 7 = 3
                """);
        Fixtures.write(dir, "tools/fail.yml", """
                mxcp: 1
                tool:
                  name: fail
                  description: Always fails
                  return: {type: string}
                  source:
                    code: SELECT error('boom') AS x
                """);
        Fixtures.write(dir, "resources/text.yml", """
                mxcp: 1
                resource:
                  uri: note://text
                  description: A text note
                  mime_type: text/plain
                  return: {type: string}
                  source:
                    code: SELECT 'plain text' AS t
                """);
        Fixtures.write(dir, "resources/blob.yml", """
                mxcp: 1
                resource:
                  uri: note://blob
                  description: Some bytes
                  mime_type: application/octet-stream
                  return: {type: string}
                  source:
                    code: SELECT from_base64('AAEC') AS b
                """);
        Fixtures.write(dir, "resources/item.yml", """
                mxcp: 1
                resource:
                  uri: note://items/{id}
                  description: One item
                  parameters:
                    - {name: id, type: integer, description: The item, examples: [1, 2, 12]}
                  return: {type: object, properties: {id: {type: integer}}}
                  source:
                    code: SELECT $id AS id
                """);
        Fixtures.write(dir, "prompts/ask.yml", """
                mxcp: 1
                prompt:
                  name: ask
                  description: Asks about a topic
                  parameters:
                    - {name: topic, type: string, description: The topic, enum: [sql, java, duckdb]}
                  messages:
                    - {role: user, type: text, prompt: "Tell me about {{ topic }}."}
                """);
        Fixtures.write(dir, "prompts/show.yml", """
                mxcp: 1
                prompt:
                  name: show
                  description: Shows a picture and a document
                  parameters:
                    - {name: doc, type: string, description: Document URI}
                  messages:
                    - {role: user, type: image, mime_type: image/png, data: iVBORw0KGgo=}
                    - {role: assistant, type: resource, uri: "{{ doc }}", prompt: "Contents of {{ doc }}"}
                """);
        Fixtures.write(dir, "prompts/brief.yml", """
                mxcp: 1
                prompt:
                  name: brief
                  description: MXCP's message roles, a system one and one without a role
                  parameters:
                    - {name: topic, type: string, description: The topic}
                  messages:
                    - {role: system, type: text, prompt: "You are terse."}
                    - {prompt: "Explain {{ topic }}."}
                    - {role: assistant, type: text, prompt: "{{ topic }} in one line:"}
                    - {role: user, type: image, prompt: "An image message without data is text"}
                """);
        return dir;
    }

    /** A running server for a project: Helidon on an ephemeral loopback port with the MCP endpoint at /mcp. */
    record Server(Mxcp mxcp, WebServer web) implements AutoCloseable {
        URI endpoint() {
            return URI.create("http://127.0.0.1:" + web.port() + "/mcp");
        }

        McpClient client() {
            return McpClient.http(endpoint());
        }

        @Override
        public void close() {
            web.stop();
            mxcp.close();
        }
    }

    static Server serve(Path project, HttpOptions options) {
        Mxcp mxcp = Mxcp.builder().project(project).environment(Fixtures.env(project.resolve("../home")))
                .http(options).watch(true).build();
        WebServer web = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> mxcp.mount(r, "/mcp")).build().start();
        return new Server(mxcp, web);
    }

    static Server serve(Path project) {
        return serve(project, new HttpOptions(false, java.util.List.of(), java.util.List.of(), 64 * 1024, null));
    }

    /** A client of {@code mxcp} served over stdio through pipes; closing the client ends the server's input. */
    static McpClient stdio(Mxcp mxcp) throws IOException {
        // java.nio pipes, not java.io's Piped streams: those fail once a writing thread has ended
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        InputStream serverIn = Channels.newInputStream(in.source());
        OutputStream serverOut = Channels.newOutputStream(out.sink());
        // its own thread: on two cores the common pool has one, and a test's own async requests would queue behind it
        Thread.ofPlatform().daemon().name("stdio-server").start(() -> {
            try (serverOut) {
                mxcp.serveStdio(serverIn, serverOut);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return McpClient.stdio(Channels.newOutputStream(in.sink()), Channels.newInputStream(out.source()));
    }

    static Map<String, Object> args(Object... pairs) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
