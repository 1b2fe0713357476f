package dev.mxcp.host.admin;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin API ({@link AdminApi}) over HTTP/1.1 on a Unix domain socket that only its owner may use (0600), as
 * MXCP's. One request per connection ({@code Connection: close}), each on a virtual thread. Helidon listens on
 * TCP only, and these few GET/POST routes without bodies need no more than this.
 */
public final class AdminSocket implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AdminSocket.class.getName());
    /** Request line and headers; longer ones get 431. */
    private static final int MAX_HEAD = 16 * 1024;
    /** A body (none is read) longer than this is not drained before answering. */
    private static final long MAX_DISCARDED_BODY = 1 << 20;

    private final Path path;
    private final AdminApi api;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private AdminSocket(Path path, AdminApi api, ServerSocketChannel server) {
        this.path = path;
        this.api = api;
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("mxcp-admin").start(this::accept);
    }

    /**
     * Creates the socket at {@code path} (and its folder) with permissions 0600 and serves {@code api} on it. A
     * socket left there by a server that is gone is replaced, as MXCP does.
     *
     * @throws MxcpException naming MXCP_ADMIN_SOCKET and the path when another server listens there, the path is
     *     something else than a socket, or its folder cannot be written
     */
    public static AdminSocket open(Path path, AdminApi api) {
        try {
            Files.createDirectories(path.getParent());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw failure(path, e.getFile() + " is not a folder");
        } catch (IOException e) {
            throw failure(path, "its folder cannot be created: " + reason(e));
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            removeStale(path);
        }
        // Bound in a folder only the owner can enter, restricted, then moved into place: no moment where the
        // socket exists with looser permissions (MXCP binds in place, then changes the mode).
        Path staging;
        try {
            staging = Files.createTempDirectory(path.getParent(), ".mxcp-admin",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw failure(path, "its folder is not writable: " + reason(e));
        }
        Path bound = staging.resolve("s");
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(bound));
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            closeQuietly(server);
            throw failure(path, reason(e));
        } finally {
            try {
                Files.deleteIfExists(bound);
                Files.deleteIfExists(staging);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "Could not remove " + staging + ": " + e.getMessage());
            }
        }
        return new AdminSocket(path, api, server);
    }

    /** Removes a socket no server listens on; refuses anything else. */
    private static void removeStale(Path path) {
        if (!isSocket(path)) {
            throw failure(path, "it exists and is not a socket (remove it or choose another path)");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw failure(path, "another server is listening on it (stop that server or choose another path)");
        } catch (ConnectException gone) {
            try {
                Files.delete(path);
                LOG.log(System.Logger.Level.INFO, "Removed the stale admin socket " + path);
            } catch (IOException e) {
                throw failure(path, "the stale socket there cannot be removed: " + reason(e));
            }
        } catch (IOException e) {
            throw failure(path, reason(e));
        }
    }

    private static boolean isSocket(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & 0170000) == 0140000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static MxcpException failure(Path path, String reason) {
        return new MxcpException("MXCP_ADMIN_SOCKET: cannot open the admin socket at " + path + ": " + reason);
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied (" + denied.getFile() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The socket's path. */
    public Path path() {
        return path;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                connections.add(connection);
                Thread.ofVirtual().name("mxcp-admin-request").start(() -> serve(connection));
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "The admin socket failed to accept a connection: " + e.getMessage());
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            ByteBuffer in = ByteBuffer.allocate(MAX_HEAD);
            int headEnd;
            while ((headEnd = headEnd(in)) < 0) {
                if (!in.hasRemaining()) {
                    respond(connection, 431, Map.of("detail", "Request Header Fields Too Large"), false);
                    return;
                }
                if (connection.read(in) < 0) {
                    return;
                }
            }
            String[] lines = new String(in.array(), 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] request = lines[0].split(" ");
            if (request.length != 3 || !request[2].startsWith("HTTP/1.")) {
                respond(connection, 400, Map.of("detail", "Bad Request"), false);
                return;
            }
            discardBody(connection, contentLength(lines) - (in.position() - headEnd - 4));
            String target = request[1];
            int query = target.indexOf('?');
            AdminApi.Response answer = api.handle(request[0], query < 0 ? target : target.substring(0, query));
            respond(connection, answer.status(), answer.body(), request[0].equals("HEAD"));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "An admin socket connection failed: " + e.getMessage());
        } finally {
            connections.remove(connection);
        }
    }

    /** Where the blank line after the headers starts, or -1 when it has not arrived. */
    private static int headEnd(ByteBuffer in) {
        byte[] bytes = in.array();
        for (int i = 0; i + 3 < in.position(); i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static long contentLength(String[] lines) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    return Long.parseLong(line.substring(colon + 1).strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** Reads what the client sent as a body, so that closing does not reset the connection before it reads the answer. */
    private static void discardBody(SocketChannel connection, long remaining) throws IOException {
        ByteBuffer sink = ByteBuffer.allocate(8192);
        for (long left = Math.min(remaining, MAX_DISCARDED_BODY); left > 0; ) {
            sink.clear().limit((int) Math.min(sink.capacity(), left));
            int read = connection.read(sink);
            if (read < 0) {
                return;
            }
            left -= read;
        }
    }

    private static void respond(SocketChannel connection, int status, Object body, boolean headOnly) throws IOException {
        byte[] content = Json.write(body).getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reasonPhrase(status) + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + content.length + "\r\nConnection: close\r\n\r\n";
        ByteBuffer out = ByteBuffer.allocate(head.length() + (headOnly ? 0 : content.length));
        out.put(head.getBytes(StandardCharsets.ISO_8859_1));
        if (!headOnly) {
            out.put(content);
        }
        out.flip();
        while (out.hasRemaining()) {
            connection.write(out);
        }
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            default -> "Internal Server Error";
        };
    }

    /** Stops accepting, ends the open connections and removes the socket file. */
    @Override
    public void close() {
        closeQuietly(server);
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.forEach(AdminSocket::closeQuietly);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not remove the admin socket " + path + ": " + e.getMessage());
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing an admin socket channel: " + e.getMessage());
        }
    }
}
