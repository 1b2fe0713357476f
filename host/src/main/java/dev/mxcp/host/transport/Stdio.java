package dev.mxcp.host.transport;

import dev.mxcp.host.mcp.JsonRpc;
import dev.mxcp.host.mcp.McpError;
import dev.mxcp.host.mcp.McpServer;
import dev.mxcp.host.mcp.ResponseStream;
import dev.mxcp.host.mcp.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * MCP over stdio: newline-delimited JSON-RPC on the given streams, one session. Requests run concurrently on
 * virtual threads (a call may wait for the client's answer, which arrives on the same input); every frame
 * out is written whole, under a lock, followed by a newline. Nothing else may write to {@code out}.
 */
public final class Stdio {

    private static final System.Logger LOG = System.getLogger(Stdio.class.getName());

    private final McpServer server;
    private final OutputStream out;
    private final long maxLineBytes;

    private Stdio(McpServer server, OutputStream out, long maxLineBytes) {
        this.server = server;
        this.out = out;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Serves one client until {@code in} ends, then waits up to {@code drain} for running requests.
     *
     * @param maxLineBytes longer lines are answered with an error and skipped
     */
    public static void serve(McpServer server, InputStream in, OutputStream out, long maxLineBytes, Duration drain)
            throws IOException {
        new Stdio(server, out, maxLineBytes).run(in instanceof java.io.BufferedInputStream ? in : new java.io.BufferedInputStream(in), drain);
    }

    private void run(InputStream in, Duration drain) throws IOException {
        Session session = server.openSession();
        session.attach(this::write);
        try {
            byte[] line;
            while ((line = readLine(in)) != null) {
                if (line.length == 0) {
                    continue;
                }
                handle(session, line);
            }
        } finally {
            server.drain(drain);
            server.terminate(session.id());
        }
    }

    private void handle(Session session, byte[] line) {
        if (line.length > maxLineBytes) {
            write(JsonRpc.error(null, new McpError(McpError.INVALID_REQUEST,
                    "Invalid request: message larger than " + maxLineBytes + " bytes", null)));
            return;
        }
        JsonRpc.Message message;
        try {
            message = JsonRpc.parse(line);
        } catch (McpError e) {
            write(JsonRpc.error(JsonRpc.idOf(line), e));
            return;
        }
        if (message instanceof JsonRpc.Request request) {
            if (!server.accepting()) {
                write(JsonRpc.error(request.id(), new McpError(McpError.SERVER_ERROR, "the server is shutting down", null)));
                return;
            }
            Thread.ofVirtual().name("mcp-stdio-" + request.method()).start(() -> {
                try {
                    server.handle(session, request, new LineStream());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "stdio request failed", e);
                }
            });
        } else {
            server.handle(session, message, null);
        }
    }

    /** One line, without its terminator (LF or CRLF); null at the end of input. Over-long lines are cut short. */
    private byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        int b;
        long length = 0;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = buffer.toByteArray();
                return bytes.length > 0 && bytes[bytes.length - 1] == '\r'
                        ? java.util.Arrays.copyOf(bytes, bytes.length - 1) : bytes;
            }
            if (++length <= maxLineBytes + 1) {
                buffer.write(b);
            }
        }
        return length == 0 ? null : buffer.toByteArray();
    }

    private synchronized boolean write(byte[] frame) {
        try {
            out.write(frame);
            out.write('\n');
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A request's stream: everything goes to the output; nothing after the response. */
    private final class LineStream implements ResponseStream {
        private volatile boolean done;

        @Override
        public boolean send(byte[] frame) {
            return !done && write(frame);
        }

        @Override
        public void respond(byte[] response) {
            if (!done) {
                done = true;
                write(response);
            }
        }

        @Override
        public void abandon() {
            done = true;
        }
    }
}
