package dev.mxcp.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Projects on disk for tests: written file by file, or copied from the repository's examples. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Writes {@code content} to {@code dir/relative}, creating parent directories. */
    public static Path write(Path dir, String relative, String content) {
        Path file = dir.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A minimal project: {@code mxcp-site.yml} for project "demo", profile "dev". */
    public static Path project(Path dir) {
        write(dir, "mxcp-site.yml", "mxcp: 1\nproject: demo\nprofile: dev\n");
        return dir;
    }

    /** Copies {@code examples-python} (or another example) into {@code target}, without its data/ folder. */
    public static Path copyExample(String name, Path target) {
        Path source = repositoryRoot().resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = source.relativize(file);
                if (relative.startsWith("data")) {
                    continue;
                }
                Files.createDirectories(target.resolve(relative).getParent());
                Files.copy(file, target.resolve(relative));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** An environment that sees no user configuration of the machine running the tests. */
    public static Map<String, String> env(Path home, String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    /** An MCP initialize request (revision 2025-06-18). */
    public static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";

    /**
     * The HTTP status of an MCP POST of {@code body} to {@code http://127.0.0.1:port/path}, sent over a plain
     * socket so that the Host header can be anything (java.net.http refuses to set it); no Origin when null.
     */
    public static int post(int port, String path, String host, String origin, String body) {
        return status("POST", port, path, host, origin, body);
    }

    /** The status of a GET with the given Host header, sent as raw HTTP/1.1 (java.net.http refuses to set Host). */
    public static int get(int port, String path, String host) {
        return status("GET", port, path, host, null, "");
    }

    private static int status(String method, int port, String path, String host, String origin, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                + "Content-Length: " + content.length + "\r\nConnection: close\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]); // HTTP/1.1 200 OK
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples-python"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root not found from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
