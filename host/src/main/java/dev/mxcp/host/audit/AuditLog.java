package dev.mxcp.host.audit;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The audit log of a served project: {@link #record} queues a finished call and returns at once; one writer
 * thread redacts, encodes and appends the queued records to the current segment file, and starts a new segment
 * once it reaches {@code max_file_size}.
 *
 * <p>The writer wakes for every record and writes whatever is queued by then with one {@code write} to the
 * file, keeping nothing in a buffer of its own: a record is in the operating system's hands within about a
 * millisecond of its call finishing (longer only while the writer catches up with a burst), and from then on
 * survives the server being killed ({@code kill -9}); only a crash of the machine itself can lose it (there is
 * no fsync). {@link #close} writes everything still queued.
 *
 * <p>Fail closed: a log that cannot be created is a startup error naming the path; once a write fails, calls
 * are refused ({@link #requireWritable}) rather than run unaudited.
 */
public final class AuditLog implements AutoCloseable {

    /** MXCP's record schema, {@code mxcp.endpoints} version 2 ({@code server/schemas/audit.py}). */
    public static final String SCHEMA_NAME = "mxcp.endpoints";
    public static final int SCHEMA_VERSION = 2;

    /** MXCP's timestamps: Python's {@code isoformat()} of a UTC time, always with microseconds. */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());
    /** Records waiting for the writer; a call waits only when this many are pending. */
    private static final int CAPACITY = 65_536;
    private static final Object STOP = new Object();

    private final Path base;
    private final long maxFileSize;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private volatile String failure;
    private boolean closed;
    // the writer thread's alone once started
    private Path segment;
    private FileChannel channel;

    private AuditLog(ProjectConfig.Audit settings, Path segment, FileChannel channel) {
        this.base = settings.path();
        this.maxFileSize = settings.maxFileSize();
        this.segment = segment;
        this.channel = channel;
        this.writer = Thread.ofPlatform().daemon().name("mxcp-audit-writer").start(this::run);
    }

    /**
     * Creates the log's directory and a new segment next to {@code settings.path()}.
     *
     * @throws MxcpException naming the path when it cannot be written
     */
    public static AuditLog open(ProjectConfig.Audit settings) {
        Path segment = null;
        try {
            segment = AuditFiles.newSegment(settings.path());
            return new AuditLog(settings, segment, append(segment));
        } catch (IOException | SecurityException e) {
            throw new MxcpException("the audit log cannot be written at " + (segment != null ? segment
                    : settings.path().getParent()) + " (" + e.getClass().getSimpleName() + (e.getMessage() == null
                    ? "" : ": " + e.getMessage()) + "); check profiles.<profile>.audit.path in mxcp-site.yml");
        }
    }

    private static FileChannel append(Path segment) throws IOException {
        return FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** The segment being written now. */
    public synchronized Path segment() {
        return segment;
    }

    /** Fail closed: throws while the log cannot be written, so that no call runs unaudited. */
    public void requireWritable() {
        String failed = failure;
        if (failed != null) {
            throw new MxcpException("the audit log cannot be written (" + failed + "), so calls are refused");
        }
    }

    /** Queues the record of a finished call; returns at once (unless {@value #CAPACITY} records are pending). */
    public void record(AuditEvent event) {
        if (failure != null) {
            return;
        }
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queue.offer(event);
        }
    }

    /** Writes what is queued, then stops the writer thread; once. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(STOP);
                writer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Object> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() ends the writer, after the queue is written
            }
            queue.drainTo(batch);
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            for (Object item : batch) {
                if (item == STOP) {
                    stop = true;
                } else {
                    lines.writeBytes(line((AuditEvent) item));
                }
            }
            batch.clear();
            write(lines.toByteArray());
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing the audit log " + segment + " failed: " + e.getMessage());
        }
    }

    private void write(byte[] bytes) {
        if (bytes.length == 0 || failure != null) {
            return;
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (channel.size() >= maxFileSize) {
                Path next = AuditFiles.newSegment(base);
                FileChannel opened = append(next);
                channel.close();
                synchronized (this) {
                    segment = next;
                    channel = opened;
                }
            }
        } catch (IOException e) {
            failure = segment + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            LOG.log(System.Logger.Level.ERROR, "The audit log cannot be written (" + failure
                    + "); calls are refused from now on");
        }
    }

    /** One JSONL line in MXCP's record schema (its {@code AuditRecordModel}, field for field). */
    static byte[] line(AuditEvent event) {
        Map<String, Object> record = fields(event);
        String json;
        try {
            json = Json.write(record);
        } catch (RuntimeException e) { // a value Jackson cannot write: keep the record, say so
            record.put("output_data", "(not written: " + e.getClass().getSimpleName() + ")");
            json = Json.write(record);
        }
        return (json + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, Object> fields(AuditEvent event) {
        String type = event.endpoint().kind().yamlName();
        String status = event.succeeded() ? "success" : "error";
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("schema_name", SCHEMA_NAME);
        record.put("schema_version", SCHEMA_VERSION);
        record.put("record_id", UUID.randomUUID().toString());
        record.put("timestamp", TIMESTAMP.format(event.timestamp()));
        record.put("operation_type", type);
        record.put("operation_name", event.endpoint().key());
        record.put("operation_status", status);
        record.put("duration_ms", event.durationMs());
        record.put("caller_type", event.origin().callerType());
        record.put("user_id", event.userId());
        record.put("session_id", event.origin().sessionId());
        record.put("trace_id", null); // no tracing in this runtime (telemetry is refused)
        record.put("input_data", Redaction.arguments(event.endpoint().parameters(), event.input()));
        record.put("output_data", Redaction.value(event.endpoint().returns(), event.output()));
        record.put("error", event.error());
        record.put("policies_evaluated", event.policiesEvaluated());
        record.put("policy_decision", event.policyDecision());
        record.put("policy_reason", event.policyReason());
        Map<String, Object> business = new LinkedHashMap<>(); // MXCP's schema extracts these
        business.put("operation_type", type);
        business.put("operation_name", event.endpoint().key());
        business.put("operation_status", status);
        if (event.policyDecision() != null) {
            business.put("policy_decision", event.policyDecision());
        }
        record.put("business_context", business);
        record.put("execution_events", List.of());
        record.put("prev_hash", null);
        record.put("record_hash", null);
        record.put("signature", null);
        return record;
    }
}
