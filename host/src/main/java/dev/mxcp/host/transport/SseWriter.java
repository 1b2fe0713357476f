package dev.mxcp.host.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Server-sent events on an output stream: ids, data lines (frames never contain newlines), comments. */
final class SseWriter {

    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "event: message\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;

    SseWriter(OutputStream out) {
        this.out = out;
    }

    /** One message event with its id (none when null: the stream cannot be resumed); flushed. */
    void event(String id, byte[] data) throws IOException {
        if (id != null) {
            out.write(ID);
            out.write(id.getBytes(StandardCharsets.US_ASCII));
            out.write('\n');
        }
        out.write(DATA);
        out.write(data);
        out.write(END);
        out.flush();
    }

    /** An event of another type than {@code message}, such as the old HTTP+SSE transport's {@code endpoint}. */
    void named(String event, String data) throws IOException {
        out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
    }

    /** An event with an id and empty data, so the client has an id to resume from before any message. */
    void prime(String id) throws IOException {
        out.write(("id: " + id + "\ndata: \n\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** How long the client should wait before reconnecting, in milliseconds. */
    void retry(String millis) throws IOException {
        out.write(("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A comment line: keeps the connection alive and finds clients that went away. */
    void comment(String text) throws IOException {
        out.write((": " + text + "\n\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    void close() throws IOException {
        out.close();
    }
}
