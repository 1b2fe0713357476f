package dev.mxcp.host.db;

import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.db.SqlParams.ParsedSql;
import dev.mxcp.host.telemetry.SpanKeys;
import dev.mxcp.host.telemetry.Traced;
import dev.mxcp.host.telemetry.Traces;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.duckdb.DuckDBResultSetMetaData;
import org.duckdb.StatementReturnType;

/**
 * A connection leased from {@link DuckDb#session()}, held exclusively until {@link #close()} returns it to the
 * pool. Runs SQL with MXCP-style {@code $name} parameters; a script of several statements runs them in order
 * and returns the last one's result. Not for use by two threads at once.
 */
public final class DbSession implements AutoCloseable {

    private final DuckDb owner;
    private final PooledConnection pooled;
    private boolean closed;
    /** The statement executing now, for {@link #cancel()} from another thread. */
    private volatile PreparedStatement running;

    DbSession(DuckDb owner, PooledConnection pooled) {
        this.owner = owner;
        this.pooled = pooled;
    }

    /**
     * Runs {@code sql} with no caller: the caller functions ({@code get_username()}...) return NULL.
     *
     * @see #execute(String, Map, CallerContext)
     */
    public QueryResult execute(String sql, Map<String, ?> params) {
        return execute(sql, params, CallerContext.NONE);
    }

    /**
     * Runs {@code sql}, binding each {@code $name} from {@code params} (entries the SQL does not use are
     * ignored), with {@code caller} (null for none) answering the caller functions.
     *
     * @return the result of the last statement
     * @throws MxcpException naming a missing parameter, a value that cannot be bound, or DuckDB's error
     */
    public QueryResult execute(String sql, Map<String, ?> params, CallerContext caller) {
        checkOpen();
        if (!Traces.active()) {
            return executeFunctions(sql, params, caller);
        }
        // MXCP's span: the statement by its hash and first keyword, never its text or values
        try (Traced span = Traces.start("mxcp.duckdb.execute")) {
            Statement statement = statement(sql);
            span.set(SpanKeys.DB_SYSTEM, "duckdb").set(SpanKeys.DB_STATEMENT_HASH, statement.hash())
                    .set(SpanKeys.DB_OPERATION, statement.operation())
                    .set(SpanKeys.DB_PARAMETERS_COUNT, params == null ? 0 : params.size())
                    .set(SpanKeys.DB_READONLY, owner.readOnly);
            try {
                QueryResult result = executeFunctions(sql, params, caller);
                span.set(SpanKeys.DB_ROWS_AFFECTED, result.columns().isEmpty() ? Math.max(0, result.updateCount())
                        : result.rows().size());
                return result;
            } catch (RuntimeException e) {
                span.failed(e.getClass().getSimpleName());
                throw e;
            }
        }
    }

    private QueryResult executeFunctions(String sql, Map<String, ?> params, CallerContext caller) {
        FunctionCalls functions = owner.functions;
        return functions == null ? executeHere(sql, params, caller)
                : functions.run(pooled, () -> executeHere(sql, params, caller));
    }

    /** MXCP's {@code db.statement.hash} and {@code db.operation} of a statement's text. */
    private record Statement(String hash, String operation) {
    }

    /** Texts whose {@link Statement} is kept: an endpoint's SQL is hashed once, not on every traced call. */
    private static final int STATEMENTS_KEPT = 1024;
    private static final Map<String, Statement> STATEMENTS = new ConcurrentHashMap<>();

    private static Statement statement(String sql) {
        Statement known = STATEMENTS.get(sql);
        if (known == null) {
            if (STATEMENTS.size() >= STATEMENTS_KEPT) {
                STATEMENTS.clear(); // SQL made up per call (a guest's own queries) must not grow it without bound
            }
            known = new Statement(hash(sql), operation(sql));
            STATEMENTS.put(sql, known);
        }
        return known;
    }

    /** The first 16 hex digits of the statement's SHA-256, as MXCP's {@code db.statement.hash}. */
    private static String hash(String sql) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sql.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /** MXCP's {@code db.operation}: the statement's first keyword among those it names, else "unknown". */
    private static String operation(String sql) {
        String start = sql.strip().toLowerCase(Locale.ROOT);
        for (String keyword : List.of("select", "insert", "update", "delete", "create", "drop")) {
            if (start.startsWith(keyword)) {
                return keyword;
            }
        }
        return "unknown";
    }

    private QueryResult executeHere(String sql, Map<String, ?> params, CallerContext caller) {
        PooledConnection.Script script = pooled.script(sql);
        try {
            if (script.readsCaller()) {
                pooled.setCaller(caller == null ? CallerContext.NONE : caller);
            }
            QueryResult result = null;
            for (ParsedSql statement : script.statements()) {
                result = run(statement, params);
            }
            return result;
        } catch (SQLException e) {
            pooled.markFailed();
            throw sqlError(e, null);
        } catch (MxcpException e) {
            pooled.markFailed();
            throw e;
        }
    }

    /**
     * Checks {@code sql} without running it: every statement is prepared, so syntax errors, unknown tables or
     * columns and type errors surface as DuckDB reports them. In a script, a statement after one that changes
     * the database (CREATE, INSERT...) may depend on that change, so only its syntax is checked.
     *
     * @throws MxcpException with DuckDB's message
     */
    public void prepare(String sql) {
        checkOpen();
        boolean changesDatabase = false;
        for (ParsedSql statement : pooled.script(sql).statements()) {
            try {
                PreparedStatement ps = pooled.prepared(statement);
                var meta = (DuckDBResultSetMetaData) ps.getMetaData();
                changesDatabase |= meta.getReturnType() != StatementReturnType.QUERY_RESULT;
            } catch (SQLException e) {
                MxcpException error = sqlError(e, statement);
                if (!changesDatabase || error.getMessage().startsWith("Parser Error")) {
                    throw error;
                }
            }
        }
    }

    /**
     * Leaves the connection as a new lease would find it (no caller set, no transaction left aborted by a
     * failed statement), for a session that stays open across calls ({@link DuckDb#dedicatedSession()}).
     */
    public void reset() {
        checkOpen();
        pooled.resetAfterLease();
    }

    /** Returns the connection to the pool (a dedicated one is closed). Calling it again does nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            owner.release(pooled);
        }
    }

    private QueryResult run(ParsedSql statement, Map<String, ?> params) throws SQLException {
        PreparedStatement ps;
        try {
            ps = pooled.prepared(statement);
        } catch (SQLException e) {
            throw sqlError(e, statement);
        }
        List<String> names = statement.names();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (params == null || !params.containsKey(name)) {
                throw new MxcpException("Missing SQL parameter $" + name);
            }
            ps.setObject(i + 1, DuckParams.toJdbc(pooled.conn, name, params.get(name)));
        }
        running = ps;
        try {
            if (!ps.execute()) {
                return new QueryResult(List.of(), List.of(), ps.getLargeUpdateCount());
            }
            try (ResultSet rs = ps.getResultSet()) {
                return read(rs);
            }
        } catch (SQLException e) {
            throw sqlError(e, statement);
        } finally {
            running = null;
        }
    }

    /**
     * How far the statement this session is executing has come, in percent, as DuckDB estimates it; -1 when
     * nothing runs or DuckDB cannot tell yet. Safe to call from any thread.
     */
    public double progress() {
        PreparedStatement ps = running;
        if (ps == null) {
            return -1;
        }
        try {
            return ps.unwrap(org.duckdb.DuckDBPreparedStatement.class).getQueryProgress().getPercentage();
        } catch (SQLException e) {
            return -1;
        }
    }

    /**
     * Interrupts the statement this session is executing, if any; it then fails with DuckDB's "interrupted"
     * error. Safe to call from any thread.
     */
    public void cancel() {
        FunctionCalls.Running calls = pooled.running;
        if (calls != null) {
            calls.cancellation.cancel("cancelled"); // stops the SQL functions it is waiting for
        }
        PreparedStatement ps = running;
        if (ps == null) {
            return;
        }
        try {
            ps.cancel();
        } catch (SQLException e) {
            // it finished meanwhile
        }
    }

    private static QueryResult read(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int count = meta.getColumnCount();
        List<QueryResult.Column> columns = new ArrayList<>(count);
        DuckType[] types = new DuckType[count];
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String typeName = meta.getColumnTypeName(i + 1);
            columns.add(new QueryResult.Column(uniqueName(meta.getColumnName(i + 1), taken), typeName));
            types[i] = DuckType.parse(typeName);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>(count * 2);
            for (int i = 0; i < count; i++) {
                row.put(columns.get(i).name(), DuckValues.read(rs, i + 1, types[i]));
            }
            rows.add(row);
        }
        return new QueryResult(columns, rows, -1);
    }

    /** DuckDB's own deduplication (as its Python client applies it): a repeated name gets _1, _2... */
    private static String uniqueName(String name, Set<String> taken) {
        String unique = name;
        for (int n = 1; !taken.add(unique.toLowerCase(Locale.ROOT)); n++) {
            unique = name + "_" + n;
        }
        return unique;
    }

    /** DuckDB's message, first line only; a write refused by a read-only database says so plainly. */
    private static MxcpException sqlError(SQLException e, ParsedSql statement) {
        String message = DuckDb.firstLine(e.getMessage());
        if (message.contains("attached in read-only mode") && statement != null) {
            message = "Cannot execute " + SqlParams.leadingKeyword(statement.sql())
                    + ": the database is opened read-only";
        }
        return new MxcpException(message, e);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This database session is closed");
        }
    }
}
