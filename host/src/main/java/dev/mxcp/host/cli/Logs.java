package dev.mxcp.host.cli;

import dev.mxcp.host.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Logging for the CLI: warnings and errors on stderr, everything with --debug. Never on stdout. */
final class Logs {

    private Logs() {
    }

    static void configure(boolean debug) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new SimpleFormatter());
        Level level = debug ? Level.FINE : Level.WARNING;
        handler.setLevel(level);
        root.setLevel(level);
        root.addHandler(handler);
        // Third-party libraries are chatty below INFO (Helidon logs every request at FINE); their warnings show.
        Logger.getLogger("com.hubspot").setLevel(debug ? Level.INFO : Level.SEVERE);
        Logger.getLogger("io.helidon").setLevel(debug ? Level.INFO : Level.WARNING);
        // The JDK logs every System.exit at FINE with a stack trace: noise, not a failure.
        Logger.getLogger("java.lang.Runtime").setLevel(Level.INFO);
    }

    /**
     * {@code --log-format json}: from now on one JSON object per line for log shippers: timestamp, level, logger,
     * message, the fields a record carries as its one map parameter (the call log's endpoint, error_type,
     * duration_ms, trace_id), and an exception's class and message (its stack trace only with --debug).
     */
    static void json(boolean debug) {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.setFormatter(new JsonLines(debug));
        }
    }

    private static final class JsonLines extends Formatter {
        private final boolean debug;

        JsonLines(boolean debug) {
            this.debug = debug;
        }

        @Override
        public String format(LogRecord record) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
            line.put("level", record.getLevel().getName());
            line.put("logger", record.getLoggerName());
            Object[] parameters = record.getParameters();
            if (parameters != null && parameters.length == 1 && parameters[0] instanceof Map<?, ?> fields) {
                line.put("message", record.getMessage());
                fields.forEach((key, value) -> line.putIfAbsent(String.valueOf(key), value));
            } else {
                line.put("message", formatMessage(record));
            }
            Throwable thrown = record.getThrown();
            if (thrown != null) {
                line.put("exception", thrown.getClass().getName() + ": " + thrown.getMessage());
                if (debug) {
                    StringWriter trace = new StringWriter();
                    thrown.printStackTrace(new PrintWriter(trace));
                    line.put("stack_trace", trace.toString());
                }
            }
            return Json.write(line) + System.lineSeparator();
        }
    }
}
