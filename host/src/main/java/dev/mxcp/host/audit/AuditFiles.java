package dev.mxcp.host.audit;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An audit log's files, as MXCP lays them out: for {@code audit/logs-dev.jsonl}, segments
 * {@code audit/logs-dev-YYYYMMDDTHHMMSS[-n].jsonl} (UTC; a new one at each start and rotation), plus the base
 * file itself if an older MXCP wrote one. Read with an in-memory DuckDB ({@code read_json} over all segments),
 * as MXCP's {@code mxcp log} does; lines that are not complete JSON (a write cut short) are skipped.
 */
public final class AuditFiles {

    /** MXCP's retention of {@code mxcp.endpoints} records ({@code retention_days} of its schema). */
    public static final int RETENTION_DAYS = 90;

    private static final DateTimeFormatter SEGMENT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    /** The record's columns as MXCP's JSONL backend reads them. */
    private static final String COLUMNS = """
            {'schema_name': 'VARCHAR', 'schema_version': 'INTEGER', 'record_id': 'VARCHAR', 'timestamp': 'VARCHAR',
             'operation_type': 'VARCHAR', 'operation_name': 'VARCHAR', 'operation_status': 'VARCHAR',
             'duration_ms': 'BIGINT', 'caller_type': 'VARCHAR', 'user_id': 'VARCHAR', 'session_id': 'VARCHAR',
             'trace_id': 'VARCHAR', 'input_data': 'JSON', 'output_data': 'JSON', 'error': 'VARCHAR',
             'policies_evaluated': 'JSON', 'policy_decision': 'VARCHAR', 'policy_reason': 'VARCHAR',
             'business_context': 'JSON', 'execution_events': 'JSON', 'prev_hash': 'VARCHAR',
             'record_hash': 'VARCHAR', 'signature': 'VARCHAR'}""";

    /** The columns of MXCP's exports (CSV, DuckDB), in its order. */
    private static final String EXPORTED = "record_id, timestamp, caller_type, operation_type, operation_name,"
            + " duration_ms, user_id, session_id, trace_id, operation_status, error, policy_decision, policy_reason,"
            + " business_context, execution_events, schema_name, schema_version, input_data, output_data,"
            + " policies_evaluated, prev_hash, record_hash, signature";

    private AuditFiles() {
    }

    /**
     * Which records {@code mxcp log} shows: its filters, each null when not given.
     *
     * @param names endpoint kind ("tool", "resource", "prompt") to name, for {@code --tool/--resource/--prompt}
     * @param policy "allow", "deny", "warn", or "n/a" for calls of endpoints without policies
     * @param limit at most this many, newest first; null for all
     */
    public record Filter(String type, Map<String, String> names, String policy, String status, Instant since,
                         Integer limit) {
        public static final Filter ALL = new Filter(null, Map.of(), null, null, null, null);

        public Filter {
            names = names == null ? Map.of() : Map.copyOf(names);
        }

    }

    /** A new, empty segment of the log at {@code base}, its directory created. */
    static Path newSegment(Path base) throws IOException {
        Path dir = base.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = stem(base) + "-" + SEGMENT_TIME.format(Instant.now());
        for (int n = 0; ; n++) {
            Path segment = dir.resolve(prefix + (n == 0 ? "" : "-" + n) + ".jsonl");
            try {
                return Files.createFile(segment);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another segment this second: next number
            }
        }
    }

    /** The log's non-empty files, oldest first. */
    public static List<Path> segments(Path base) {
        Path dir = base.toAbsolutePath().getParent();
        Pattern name = Pattern.compile(Pattern.quote(stem(base)) + "-\\d{8}T\\d{6}(-\\d+)?\\.jsonl");
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(base) && size(base) > 0) {
            files.add(base);
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> listed = Files.list(dir)) {
                listed.filter(p -> name.matcher(p.getFileName().toString()).matches() && size(p) > 0)
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new MxcpException("cannot list the audit log directory " + dir + " (" + e.getMessage() + ")");
            }
        }
        return files;
    }

    /**
     * The matching records, newest first, with the fields of MXCP's {@code mxcp log --json} (record id, time,
     * caller, operation, duration, user, session, trace, status, error, business context, policy decision).
     */
    public static List<Map<String, Object>> query(Path base, Filter filter) {
        List<Path> files = segments(base);
        if (files.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        String sql = "SELECT record_id, timestamp, caller_type, operation_type, operation_name, duration_ms, user_id,"
                + " session_id, trace_id, operation_status, error, business_context, policy_decision"
                + " FROM " + source(files) + where(filter, params) + order(filter, params);
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement statement = prepare(db, sql, params);
             ResultSet rows = statement.executeQuery()) {
            List<Map<String, Object>> records = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                Map<String, Object> record = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    String column = rows.getMetaData().getColumnLabel(i);
                    Object value = rows.getObject(i);
                    record.put(column, column.equals("business_context") && value != null
                            ? Json.toJava(Json.parse(value.toString())) : value);
                }
                records.add(record);
            }
            return records;
        } catch (SQLException | IOException e) {
            throw failed("read", base, e);
        }
    }

    /** Writes the matching records (all of them: no limit, as MXCP) as CSV with a header; returns how many. */
    public static long exportCsv(Path base, Filter filter, Path csv) {
        return export(base, filter, csv, (db, select) -> {
            db.createStatement().execute("COPY (" + select + ") TO " + literal(csv) + " (HEADER, DELIMITER ',')");
        });
    }

    /** Adds the matching records (all of them) to table {@code audit_logs} of the DuckDB file; returns how many. */
    public static long exportDuckDb(Path base, Filter filter, Path database) {
        return export(base, filter, database, (db, select) -> {
            db.createStatement().execute("ATTACH " + literal(database) + " AS export");
            db.createStatement().execute("CREATE TABLE IF NOT EXISTS export.audit_logs AS " + select + " LIMIT 0");
            db.createStatement().execute("INSERT INTO export.audit_logs " + select);
            db.createStatement().execute("DETACH export");
        });
    }

    private interface Exporter {
        void run(Connection db, String select) throws SQLException;
    }

    private static long export(Path base, Filter filter, Path target, Exporter exporter) {
        List<Path> files = segments(base);
        if (files.isEmpty()) {
            return 0;
        }
        // COPY and CREATE TABLE AS take no parameters: the filter's values are quoted into the statement
        String select = "SELECT " + EXPORTED + " FROM " + source(files) + where(filter, null) + " ORDER BY timestamp DESC";
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            long count;
            try (ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM (" + select + ")")) {
                rows.next();
                count = rows.getLong(1);
            }
            exporter.run(db, select);
            return count;
        } catch (SQLException e) {
            throw new MxcpException("cannot export the audit log to " + target + " (" + firstLine(e) + ")");
        }
    }

    /** What {@code mxcp log-cleanup} found or removed: records per schema ("mxcp.endpoints:v2"), and the files. */
    public record Cleanup(Map<String, Long> records, List<Path> files) {
        public long total() {
            return records.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * MXCP's retention: whole segments whose newest record is more than {@link #RETENTION_DAYS} days old are
     * deleted (with {@code dryRun}, only counted). The segment a server writes now holds recent records, so it stays.
     */
    public static Cleanup cleanup(Path base, Instant now, boolean dryRun) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Path> expired = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
            for (Path file : segments(base)) {
                Instant newest;
                // the newest record's time, read in Java: every timestamp is UTC in one format, so the text sorts
                try (ResultSet rows = db.createStatement().executeQuery("SELECT max(timestamp) FROM "
                        + source(List.of(file)))) {
                    rows.next();
                    newest = instant(rows.getString(1));
                }
                if (newest == null || Duration.between(newest, now).toDays() <= RETENTION_DAYS) {
                    continue;
                }
                try (ResultSet rows = db.createStatement().executeQuery("SELECT schema_name, schema_version, count(*)"
                        + " FROM " + source(List.of(file)) + " GROUP BY ALL ORDER BY ALL")) {
                    while (rows.next()) {
                        counts.merge(rows.getString(1) + ":v" + rows.getInt(2), rows.getLong(3), Long::sum);
                    }
                }
                expired.add(file);
            }
        } catch (SQLException e) {
            throw failed("read", base, e);
        }
        if (!dryRun) {
            for (Path file : expired) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new MxcpException("cannot delete the expired audit segment " + file + " (" + e.getMessage() + ")");
                }
            }
        }
        return new Cleanup(counts, expired);
    }

    /** A record's timestamp, or null when it is missing or not one. */
    private static Instant instant(String timestamp) {
        try {
            return timestamp == null ? null : java.time.OffsetDateTime.parse(timestamp).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String source(List<Path> files) {
        return "read_json([" + String.join(", ", files.stream().map(AuditFiles::literal).toList())
                + "], format = 'newline_delimited', ignore_errors = true, columns = " + COLUMNS + ")";
    }

    /** The filter as a WHERE clause: its values as parameters added to {@code params}, or quoted when that is null. */
    private static String where(Filter filter, List<Object> params) {
        List<String> conditions = new ArrayList<>();
        if (filter.type() != null) {
            conditions.add("operation_type = " + bind(params, filter.type()));
        }
        if (!filter.names().isEmpty()) {
            List<String> any = new ArrayList<>();
            filter.names().forEach((type, name) -> any.add("(operation_type = " + bind(params, type)
                    + " AND operation_name = " + bind(params, name) + ")"));
            conditions.add("(" + String.join(" OR ", any) + ")");
        }
        if ("n/a".equals(filter.policy())) {
            conditions.add("policy_decision IS NULL");
        } else if (filter.policy() != null) {
            conditions.add("policy_decision = " + bind(params, filter.policy()));
        }
        if (filter.status() != null) {
            conditions.add("operation_status = " + bind(params, filter.status()));
        }
        if (filter.since() != null) {
            conditions.add("TRY_CAST(timestamp AS TIMESTAMPTZ) >= CAST(" + bind(params, AuditLog.TIMESTAMP.format(filter.since()))
                    + " AS TIMESTAMPTZ)");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static String bind(List<Object> params, String value) {
        if (params == null) {
            return literal(value);
        }
        params.add(value);
        return "?";
    }

    private static String order(Filter filter, List<Object> params) {
        if (filter.limit() == null) {
            return " ORDER BY timestamp DESC";
        }
        params.add(filter.limit());
        return " ORDER BY timestamp DESC LIMIT ?";
    }

    private static PreparedStatement prepare(Connection db, String sql, List<Object> params) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            statement.setObject(i + 1, params.get(i));
        }
        return statement;
    }

    private static String literal(Object value) {
        return "'" + value.toString().replace("'", "''") + "'";
    }

    private static String stem(Path base) {
        String name = base.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static MxcpException failed(String what, Path base, Exception e) {
        return new MxcpException("cannot " + what + " the audit log " + base + " (" + firstLine(e) + ")");
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
