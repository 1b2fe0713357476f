package dev.mxcp.host.polyglot;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A guest's stdout or stderr, or the polyglot engine's own messages, written to the host log a line at a
 * time. Guest prints must never reach the process's stdout: it may carry the MCP stdio protocol.
 */
final class GuestOutput extends OutputStream {

    /** A line longer than this is logged in pieces rather than held in memory. */
    private static final int MAX_LINE = 8192;

    private final System.Logger log;
    private final System.Logger.Level level;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    GuestOutput(String loggerName, System.Logger.Level level) {
        this.log = System.getLogger(loggerName);
        this.level = level;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            flushLine();
        } else {
            line.write(b);
            if (line.size() >= MAX_LINE) {
                flushLine();
            }
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() {
        // A partial line stays buffered until its newline: flushes come after every print.
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            flushLine();
        }
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        log.log(level, text);
    }
}
