package dev.mxcp.host.engine;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One log line (WARNING) per failed served call and per slow one ({@value #SLOW_MILLIS} ms or more): the endpoint,
 * the caller type, the kind of error, the duration and the trace id; never an argument, a result or an error
 * message (they may hold values). The fields also travel as the record's one parameter, a map, so that
 * {@code --log-format json} writes them as JSON fields.
 */
final class CallLog {

    /** The logger operators filter on. */
    static final String NAME = "dev.mxcp.calls";
    static final long SLOW_MILLIS = 1000;

    private static final Logger LOG = Logger.getLogger(NAME);

    private CallLog() {
    }

    static void failed(String endpoint, String caller, String errorType, long nanos, String traceId) {
        if (LOG.isLoggable(Level.WARNING)) {
            log(Level.WARNING, "call failed", endpoint, caller, errorType, nanos, traceId);
        }
    }

    static void succeeded(String endpoint, String caller, long nanos, String traceId) {
        if (nanos >= SLOW_MILLIS * 1_000_000 && LOG.isLoggable(Level.WARNING)) {
            log(Level.WARNING, "slow call", endpoint, caller, null, nanos, traceId);
        }
    }

    private static void log(Level level, String event, String endpoint, String caller, String errorType, long nanos,
                            String traceId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", event);
        fields.put("endpoint", endpoint);
        fields.put("caller", caller);
        if (errorType != null) {
            fields.put("error_type", errorType);
        }
        fields.put("duration_ms", Duration.ofNanos(nanos).toMillis());
        if (traceId != null) {
            fields.put("trace_id", traceId);
        }
        StringBuilder line = new StringBuilder(event).append(':');
        fields.forEach((key, value) -> {
            if (!key.equals("event")) {
                line.append(' ').append(key).append('=').append(value);
            }
        });
        LogRecord record = new LogRecord(level, line.toString());
        record.setLoggerName(NAME);
        record.setParameters(new Object[] {fields});
        LOG.log(record);
    }
}
