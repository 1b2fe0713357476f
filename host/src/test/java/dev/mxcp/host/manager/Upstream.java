package dev.mxcp.host.manager;

import dev.mxcp.host.Fixtures;
import dev.mxcp.host.Mxcp;
import dev.mxcp.host.mcp.RateLimit;
import dev.mxcp.host.transport.HttpOptions;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Real MCP servers on 127.0.0.1 for the manager's tests: the project's own server on a small fixture project,
 * stoppable and restartable on the same port, and raw sockets that misbehave (hang, close, answer garbage).
 */
final class Upstream implements AutoCloseable {

    private final Path project;
    private final int port;
    /** Streams still waiting for their answer close after this, for the client to resume them; null: never. */
    private Duration pollAfter;
    private Mxcp mxcp;
    private WebServer web;

    private Upstream(Path project, int port) {
        this.project = project;
        this.port = port;
    }

    /** Writes the fixture project under {@code dir} and serves it on an ephemeral port. */
    static Upstream start(Path dir) {
        Path project = writeProject(dir);
        Upstream upstream = new Upstream(project, 0);
        upstream.serve(0);
        return new Upstream(project, upstream.web.port()).adopt(upstream);
    }

    /** Writes the fixture project under {@code dir} and serves it on {@code port} (the seed's examples name theirs). */
    static Upstream startOn(Path dir, int port) {
        Upstream upstream = new Upstream(writeProject(dir), port);
        upstream.serve(port);
        return upstream;
    }

    /** Like {@link #start}, closing SSE streams after {@code pollAfter} for the client to resume (2025-11-25 polling). */
    static Upstream startPolling(Path dir, Duration pollAfter) {
        Upstream upstream = new Upstream(writeProject(dir), 0);
        upstream.pollAfter = pollAfter;
        upstream.serve(0);
        Upstream started = new Upstream(upstream.project, upstream.web.port()).adopt(upstream);
        started.pollAfter = pollAfter;
        return started;
    }

    private Upstream adopt(Upstream started) {
        this.mxcp = started.mxcp;
        this.web = started.web;
        return this;
    }

    int port() {
        return port;
    }

    /** The server's base URL without a path: the manager adds /mcp. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the server: its port refuses connections, its sessions are gone. */
    void stop() {
        web.stop();
        mxcp.close();
        web = null;
    }

    /** Serves the project again on the same port (a new process would: all sessions forgotten). */
    void restart() {
        await(() -> {
            try {
                serve(port);
                return true;
            } catch (RuntimeException e) { // the port may take a moment to be free again
                return false;
            }
        }, "the upstream to listen again on port " + port);
    }

    private void serve(int onPort) {
        Mxcp built = Mxcp.builder().project(project).environment(Fixtures.env(project.resolve("../home")))
                .http(new HttpOptions(false, List.of(), List.of(), 64 * 1024, pollAfter))
                .toolCallLimit(RateLimit.OFF) // the tests' traffic is not a client to throttle
                .build();
        try {
            web = WebServer.builder().host("127.0.0.1").port(onPort).shutdownHook(false)
                    .routing(r -> built.mount(r, "/mcp")).build().start();
        } catch (RuntimeException e) {
            built.close();
            throw e;
        }
        mxcp = built;
    }

    @Override
    public void close() {
        if (web != null) {
            stop();
        }
    }

    private static Path writeProject(Path dir) {
        Fixtures.project(dir);
        Fixtures.write(dir, "mxcp-site.yml", """
                mxcp: 1
                project: upstream
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
                  description: Echoes its argument
                  parameters:
                    - {name: text, type: string, description: What to echo}
                  return: {type: string}
                  source:
                    code: SELECT $text AS text
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
                    code: SELECT coalesce(get_request_header($name), '(none)') AS value
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
        Fixtures.write(dir, "tools/list_containers.yml", """
                mxcp: 1
                tool:
                  name: list_containers
                  description: Lists containers (the tool the seed's Quick Start calls by name)
                  return:
                    type: array
                    items:
                      type: object
                      properties:
                        name: {type: string}
                        status: {type: string}
                  source:
                    code: SELECT * FROM (VALUES ('web', 'running'), ('db', 'running')) t(name, status)
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
        return dir;
    }

    /** Polls {@code condition} every 20 ms for up to a minute: generous, and never assuming speed. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A plain socket server that accepts connections and misbehaves, counting the connections it accepts. */
    static final class Raw implements AutoCloseable {
        enum Mode { HANG, CLOSE, GARBAGE, TRICKLE, FAIL }

        private final ServerSocket socket;
        private final Mode mode;
        final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        Raw(int port, Mode mode) {
            this.mode = mode;
            ServerSocket[] bound = new ServerSocket[1];
            await(() -> {
                try {
                    bound[0] = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
                    return true;
                } catch (IOException e) {
                    return false;
                }
            }, "port " + port + " to be free");
            this.socket = bound[0];
            Thread.ofPlatform().daemon().name("raw-upstream").start(this::acceptAll);
        }

        int port() {
            return socket.getLocalPort();
        }

        String url() {
            return "http://127.0.0.1:" + port();
        }

        private void acceptAll() {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    accepted.incrementAndGet();
                    switch (mode) {
                        case HANG -> open.add(client);
                        case CLOSE -> client.close();
                        case GARBAGE -> Thread.ofVirtual().start(() -> answer(client, "200 OK", "this is not JSON"));
                        case FAIL -> Thread.ofVirtual().start(() -> answer(client, "500 Internal Server Error", "oops"));
                        case TRICKLE -> Thread.ofVirtual().start(() -> trickle(client));
                    }
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        /** Answers {@code status} with {@code body} as JSON whatever it is, and closes. */
        private static void answer(Socket client, String status, String text) {
            try (client) {
                InputStream in = client.getInputStream();
                readHead(in);
                byte[] body = text.getBytes(StandardCharsets.US_ASCII);
                client.getOutputStream().write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A whole JSON-RPC answer, a byte every 100 ms: each read gets something, the whole takes seconds. */
        private static void trickle(Socket client) {
            try (client) {
                readHead(client.getInputStream());
                byte[] body = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": {}}".getBytes(StandardCharsets.US_ASCII);
                client.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                for (byte b : body) {
                    client.getOutputStream().write(b);
                    client.getOutputStream().flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up
            }
        }

        private static void readHead(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket client : open) {
                client.close();
            }
        }
    }
}
