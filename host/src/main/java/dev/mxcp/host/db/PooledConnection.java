package dev.mxcp.host.db;

import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.json.Json;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.duckdb.user.DuckDBMap;

/**
 * One connection of the pool with what belongs to it: its prepared statements (preparing costs about as much
 * as running a small query, so statements are kept by SQL text), the parsed form of the SQL texts it ran (so
 * a call neither re-scans its text nor re-checks its parameters) and its caller variable. Used by one lease at
 * a time.
 */
final class PooledConnection {

    private static final int STATEMENT_CACHE_SIZE = 256;
    private static final System.Logger LOG = System.getLogger(PooledConnection.class.getName());

    final DuckDBConnection conn;
    /** Belongs to one {@link DuckDb#dedicatedSession()}, not to the pool. */
    final boolean dedicated;
    /** Its number in the macros of the database's SQL functions ({@link FunctionCalls}); 0 when it has none. */
    long id;
    /** Who runs the SQL functions its statements call, on its own thread ({@link DuckDb#dedicatedSession(Object)}). */
    Object owner;
    boolean functionsDefined;
    /** The statement running now, when the database has SQL functions. */
    volatile FunctionCalls.Running running;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= STATEMENT_CACHE_SIZE) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };
    private final Map<String, Script> scripts = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Script> eldest) {
            return size() > STATEMENT_CACHE_SIZE;
        }
    };
    /** Whom the caller variable describes now; setting it costs a statement, so it is set only on change. */
    private CallerContext caller = CallerContext.NONE;
    private boolean failed;

    PooledConnection(DuckDBConnection conn, boolean dedicated) throws SQLException {
        this.conn = conn;
        this.dedicated = dedicated;
        try (Statement st = conn.createStatement()) {
            st.execute(DuckDbSetup.CLEAR_CALLER);
            for (String macro : DuckDbSetup.CALLER_MACROS) {
                st.execute(macro);
            }
            // query progress for MCP progress notifications, never printed
            st.execute("SET enable_progress_bar = true");
            st.execute("SET enable_progress_bar_print = false");
        }
    }

    /**
     * SQL text split into its statements with named parameters numbered, and whether it may read the caller.
     *
     * @param statements never empty
     */
    record Script(List<SqlParams.ParsedSql> statements, boolean readsCaller) {
    }

    /**
     * {@code sql} parsed, from the cache when this connection ran the same text before.
     *
     * @throws MxcpException if there is no statement, or named and positional parameters are mixed
     */
    Script script(String sql) {
        Script script = scripts.get(sql);
        if (script == null) {
            List<SqlParams.ParsedSql> parsed = SqlParams.statements(sql);
            if (parsed.isEmpty()) {
                throw new MxcpException("No SQL statement to execute");
            }
            script = new Script(parsed, DuckDbSetup.readsCaller(sql));
            scripts.put(sql, script);
        }
        return script;
    }

    /**
     * The cached prepared statement for {@code statement}, preparing it on first use and again after a
     * failure (duckdb_jdbc closes a statement whose execution fails). A freshly prepared one is checked for
     * parameters DuckDB sees but SqlParams did not name: positional ones ($1, ?), which MXCP cannot bind.
     */
    PreparedStatement prepared(SqlParams.ParsedSql statement) throws SQLException {
        PreparedStatement ps = statements.get(statement.sql());
        if (ps != null && !ps.isClosed()) {
            return ps;
        }
        ps = conn.prepareStatement(statement.sql());
        if (ps.getParameterMetaData().getParameterCount() != statement.names().size()) {
            closeQuietly(ps);
            throw new MxcpException(
                    "SQL uses positional parameters ($1 or ?); only named parameters ($name) can be bound");
        }
        statements.put(statement.sql(), ps);
        return ps;
    }

    /** The cached prepared statement for the host's own SQL, which binds positional parameters. */
    private PreparedStatement preparedPositional(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = conn.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    /** Makes the caller functions of this connection answer for {@code caller} until the lease ends. */
    void setCaller(CallerContext caller) throws SQLException {
        if (caller.equals(this.caller)) {
            return;
        }
        UserContext user = caller.user();
        Map<String, String> headers = caller.requestHeaders();
        PreparedStatement ps = preparedPositional(DuckDbSetup.SET_CALLER);
        ps.setObject(1, user == null ? null : user.username());
        ps.setObject(2, user == null ? null : user.email());
        ps.setObject(3, user == null ? null : user.provider());
        ps.setObject(4, user == null ? null : user.externalToken());
        ps.setObject(5, headers == null ? null : new DuckDBMap<>("MAP(VARCHAR, VARCHAR)", lowerCaseKeys(headers)));
        ps.setObject(6, headers == null ? null : Json.write(headers));
        this.caller = null; // unknown until the statement succeeds
        ps.execute();
        this.caller = caller;
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> headers) {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (value != null) {
                lower.put(name.toLowerCase(Locale.ROOT), value);
            }
        });
        return lower;
    }

    void markFailed() {
        failed = true;
    }

    /**
     * Leaves the connection as the next lease expects it: no caller (so no one reads the last one's token
     * through their own SQL) and no transaction left aborted by a failed statement.
     */
    void resetAfterLease() {
        if (failed) {
            failed = false;
            try (Statement st = conn.createStatement()) {
                st.execute("ROLLBACK");
            } catch (SQLException noTransaction) {
                // the usual case: the failed statement ran in auto-commit mode
            }
        }
        if (!CallerContext.NONE.equals(caller)) {
            try (Statement st = conn.createStatement()) {
                st.execute(DuckDbSetup.CLEAR_CALLER);
                caller = CallerContext.NONE;
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not clear the caller of a DuckDB connection: " + e.getMessage());
            }
        }
    }

    void close() {
        statements.values().forEach(PooledConnection::closeQuietly);
        statements.clear();
        scripts.clear();
        try {
            conn.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing a DuckDB connection failed", e);
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing a prepared statement failed", e);
        }
    }
}
