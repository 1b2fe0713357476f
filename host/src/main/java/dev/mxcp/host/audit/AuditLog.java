package dev.mxcp.host.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The audit log of a served project: {@link #record} encodes the record of a finished call (redacted, JSON) on
 * the calling thread and appends it with one {@code write} to the current segment file, starting a new segment
 * once it reaches {@code max_file_size}.
 *
 * <p>A call's answer waits for its record to be written (to the operating system: no fsync, nothing held in a
 * buffer of the process), so every answered call's record survives the server being killed ({@code kill -9})
 * right after; only a crash of the machine can lose the last records. The write is a few microseconds into the
 * page cache, so calls take turns at it under a lock rather than hand their records to a writer thread, whose
 * wake-ups cost each call two thread switches.
 *
 * <p>Fail closed: a log that cannot be created is a startup error naming the path; once a write fails, calls
 * are refused ({@link #requireWritable}) and answers of calls whose records were not written are withheld.
 */
public final class AuditLog implements AutoCloseable {

    /** MXCP's record schema, {@code mxcp.endpoints} version 2 ({@code server/schemas/audit.py}). */
    public static final String SCHEMA_NAME = "mxcp.endpoints";
    public static final int SCHEMA_VERSION = 2;

    /** MXCP's timestamps: Python's {@code isoformat()} of a UTC time, always with microseconds. */
    public static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());
    /** How long a call's answer waits for its turn to write before it is withheld (a disk that stopped answering). */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Path base;
    private final long maxFileSize;
    /** Held while writing: guards the segment, its channel and closing. */
    private final ReentrantLock writing = new ReentrantLock();
    private volatile String failure;
    private boolean closed;
    private Path segment;
    private FileChannel channel;
    /** Bytes in the current segment (each is new, so it starts empty). */
    private long segmentBytes;

    private AuditLog(ProjectConfig.Audit settings, Path segment, FileChannel channel) {
        this.base = settings.path();
        this.maxFileSize = settings.maxFileSize();
        this.segment = segment;
        this.channel = channel;
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
    public Path segment() {
        writing.lock();
        try {
            return segment;
        } finally {
            writing.unlock();
        }
    }

    /** Fail closed: throws while the log cannot be written, so that no call runs unaudited. */
    public void requireWritable() {
        String failed = failure;
        if (failed != null) {
            throw new MxcpException("the audit log cannot be written (" + failed + "), so calls are refused");
        }
    }

    /**
     * Writes the record of a finished call and returns once it is in the file: the caller sends the call's
     * answer only after its record is safe from a crash of the process.
     *
     * @throws MxcpException when the record could not be written (fail closed: the answer is not sent)
     */
    public void record(AuditEvent event) {
        byte[] line;
        try {
            line = line(event);
        } catch (RuntimeException e) { // a bug, not the disk: this call's answer is withheld
            LOG.log(System.Logger.Level.ERROR, "An audit record could not be encoded", e);
            throw new MxcpException("the call's audit record could not be encoded, so its answer is withheld");
        }
        try {
            if (!writing.tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new MxcpException("the audit log did not take the call's record within " + WAIT.toSeconds()
                        + " s, so its answer is withheld");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MxcpException("interrupted while the call's audit record was written");
        }
        try {
            if (!closed) {
                write(line);
            }
            if (closed || failure != null) {
                throw new MxcpException("the audit log cannot be written (" + (failure != null ? failure : "it is closed")
                        + "), so the call's answer is withheld");
            }
        } finally {
            writing.unlock();
        }
    }

    /** Closes the current segment; records of calls finishing later are refused. Once. */
    @Override
    public void close() {
        writing.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Closing the audit log " + segment + " failed: " + e.getMessage());
        } finally {
            writing.unlock();
        }
    }

    /** Appends {@code bytes}, then starts a new segment if this one is full; holding {@link #writing}. */
    private void write(byte[] bytes) {
        if (failure != null) {
            return;
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            segmentBytes += bytes.length;
            if (segmentBytes >= maxFileSize) {
                Path next = AuditFiles.newSegment(base);
                FileChannel opened = append(next);
                channel.close();
                segment = next;
                channel = opened;
                segmentBytes = 0;
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
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(record);
        } catch (JsonProcessingException | RuntimeException e) { // a value Jackson cannot write: keep the record
            record.put("output_data", "(not written: " + e.getClass().getSimpleName() + ")");
            json = Json.write(record).getBytes(StandardCharsets.UTF_8);
        }
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    /**
     * A random (version 4) UUID, as MXCP's record ids are, from the thread's generator: record ids need to be
     * unique, not unpredictable, and {@link UUID#randomUUID}'s shared secure generator is slow under load.
     */
    private static String recordId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xf000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~(0xcL << 60)) | (0x8L << 60); // IETF variant
        return new UUID(high, low).toString();
    }

    static Map<String, Object> fields(AuditEvent event) {
        String type = event.endpoint().kind().yamlName();
        String status = event.succeeded() ? "success" : "error";
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("schema_name", SCHEMA_NAME);
        record.put("schema_version", SCHEMA_VERSION);
        record.put("record_id", recordId());
        record.put("timestamp", TIMESTAMP.format(event.timestamp()));
        record.put("operation_type", type);
        record.put("operation_name", event.endpoint().key());
        record.put("operation_status", status);
        record.put("duration_ms", event.durationMs());
        record.put("caller_type", event.origin().callerType());
        record.put("user_id", event.userId());
        record.put("session_id", event.origin().sessionId());
        record.put("trace_id", event.traceId());
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
