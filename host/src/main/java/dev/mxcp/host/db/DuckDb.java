package dev.mxcp.host.db;

import dev.mxcp.host.base.PoolSizes;
import dev.mxcp.host.base.MxcpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;

/**
 * The DuckDB database of a project and its pool of connections. Opening it loads the configured extensions,
 * creates the configured secrets and prepares every connection with MXCP's caller functions
 * ({@code get_username()} and friends). Connections are {@code duplicate()}s of the first one, so they share
 * one database instance; each is leased exclusively through {@link #session()}.
 */
public final class DuckDb implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DuckDb.class.getName());
    /** How long {@link #close()} waits for leased connections to come back, as MXCP does on shutdown. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final String description;
    private final List<PooledConnection> all;
    private final ConcurrentLinkedDeque<PooledConnection> idle;
    /**
     * One turn per pooled connection, handed out first come, first served: a plain blocking queue lets a
     * caller arriving just as a connection comes back take it ahead of those already waiting, which
     * stretches the tail of the waits under more concurrent calls than connections.
     */
    private final Semaphore turns;
    /** Connections of {@link #dedicatedSession()}s: outside the pool, closed with their session. */
    private final Set<PooledConnection> dedicated = ConcurrentHashMap.newKeySet();
    /** The SQL functions defined on every connection, or null. */
    final FunctionCalls functions;
    /** Opened read-only: for the {@code db.readonly} span attribute. */
    final boolean readOnly;
    private volatile boolean closed;

    private DuckDb(String description, List<PooledConnection> all, FunctionCalls functions, boolean readOnly) {
        this.description = description;
        this.readOnly = readOnly;
        this.all = List.copyOf(all);
        this.idle = new ConcurrentLinkedDeque<>(all);
        this.turns = new Semaphore(all.size(), true);
        this.functions = functions;
        if (functions != null) {
            all.forEach(functions::enroll);
        }
    }

    /**
     * Opens the database described by {@code settings}.
     *
     * @throws MxcpException if the file cannot be opened or created, or an extension cannot be loaded
     */
    public static DuckDb open(DuckDbSettings settings) {
        return open(settings, null);
    }

    /**
     * Opens the database described by {@code settings}, with {@code functions} (null for none) defined on every
     * connection before its first statement.
     *
     * @throws MxcpException if the file cannot be opened or created, or an extension cannot be loaded
     */
    public static DuckDb open(DuckDbSettings settings, SqlFunctions functions) {
        Path file = settings.file() == null ? null : settings.file().toAbsolutePath();
        String description = file == null ? "in-memory DuckDB database" : "DuckDB database " + file;
        if (file == null && settings.readOnly()) {
            throw new MxcpException("An in-memory DuckDB database cannot be opened read-only");
        }
        String url = "jdbc:duckdb:" + (file == null ? "" : file);
        List<PooledConnection> pool = new ArrayList<>();
        DuckDBConnection first = null;
        try {
            if (file != null) {
                prepareFile(file, settings.readOnly(), url);
            }
            var properties = new Properties();
            if (settings.readOnly()) {
                properties.setProperty("duckdb.read_only", "true");
            }
            first = DriverManager.getConnection(url, properties).unwrap(DuckDBConnection.class);
            if (settings.fileSearchPath() != null) {
                try (Statement st = first.createStatement()) {
                    st.execute("SET file_search_path = " + DuckDbSetup.literal(settings.fileSearchPath().toAbsolutePath().toString()));
                }
            }
            for (ExtensionSpec extension : settings.extensions()) {
                loadExtension(first, extension);
            }
            for (SecretSpec secret : settings.secrets()) {
                createSecret(first, secret);
            }
            pool.add(new PooledConnection(first, false));
            for (int i = 1; i < settings.poolSize(); i++) {
                pool.add(new PooledConnection(first.duplicate(), false));
            }
            return new DuckDb(description, pool, functions == null ? null : new FunctionCalls(functions),
                    settings.readOnly());
        } catch (SQLException | IOException | RuntimeException e) {
            pool.forEach(PooledConnection::close);
            if (first != null && pool.isEmpty()) {
                closeQuietly(first);
            }
            if (e instanceof MxcpException mxcp) {
                throw mxcp;
            }
            throw new MxcpException("Cannot open " + description + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** Parent directories are created; a read-only database that does not exist yet is created empty first. */
    private static void prepareFile(Path file, boolean readOnly, String url) throws IOException, SQLException {
        Files.createDirectories(file.getParent());
        if (readOnly && Files.notExists(file)) {
            DriverManager.getConnection(url).close();
        }
    }

    /**
     * {@code INSTALL} then {@code LOAD}, each skipped when DuckDB reports it done: extensions built into the
     * driver (json, parquet, icu, core_functions) are loaded already, and INSTALL would try to download them.
     */
    private static void loadExtension(DuckDBConnection conn, ExtensionSpec extension) {
        String install = DuckDbSetup.installSql(extension);
        try (PreparedStatement state = conn.prepareStatement("SELECT installed, loaded FROM duckdb_extensions()"
                + " WHERE extension_name = lower($1) OR list_contains(aliases, lower($1))")) {
            state.setString(1, extension.name());
            boolean installed = false;
            boolean loaded = false;
            try (ResultSet rs = state.executeQuery()) {
                if (rs.next()) {
                    installed = rs.getBoolean(1);
                    loaded = rs.getBoolean(2);
                }
            }
            try (Statement st = conn.createStatement()) {
                if (!installed) {
                    st.execute(install);
                }
                if (!loaded) {
                    st.execute(DuckDbSetup.loadSql(extension));
                }
            }
        } catch (SQLException e) {
            throw new MxcpException("Cannot load DuckDB extension '" + extension.name() + "': " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Secrets of types DuckDB does not know (or whose extension is missing) are legal in MXCP and only read
     * through config, so a failure is logged, not raised.
     */
    private static void createSecret(DuckDBConnection conn, SecretSpec secret) {
        if (secret.parameters().isEmpty()) {
            return;
        }
        try (Statement st = conn.createStatement()) {
            st.execute(DuckDbSetup.createSecretSql(secret));
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "DuckDB did not create secret '" + secret.name()
                    + "' (it stays available through config): " + firstLine(e.getMessage()));
        }
    }

    /**
     * Leases a connection, waiting as long as it takes for one to be free. Close the session to return it.
     *
     * @throws MxcpException if the database is closed or the thread is interrupted while waiting
     */
    public DbSession session() {
        if (closed) {
            throw new MxcpException("The " + description + " is closed");
        }
        try {
            turns.acquire();
            if (closed) {
                turns.release(); // closed meanwhile: wake the next waiter too
                throw new MxcpException("The " + description + " is closed");
            }
            PooledConnection pooled = idle.pop(); // a turn guarantees an idle connection
            defineFunctions(pooled);
            return new DbSession(this, pooled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MxcpException("Interrupted while waiting for a connection to the " + description, e);
        }
    }

    /** The pool's connections: all open while the database is; those leased now. */
    public PoolSizes poolSizes() {
        return new PoolSizes(all.size(), all.size(), all.size() - idle.size());
    }

    /** Connections of {@link #dedicatedSession()}s open now (outside the pool: one per guest worker that used SQL). */
    public int dedicatedConnections() {
        return dedicated.size();
    }

    /**
     * A session on a connection of its own, outside the pool, for a long-lived user such as a guest worker
     * (its statement cache then stays warm, and it never waits for the pool). Closing the session closes the
     * connection; closing the database closes it too. Call {@link DbSession#reset()} between uses.
     *
     * @throws MxcpException if the database is closed
     */
    public DbSession dedicatedSession() {
        return dedicatedSession(null);
    }

    /**
     * A {@linkplain #dedicatedSession() dedicated session} whose {@code owner} runs the SQL functions its
     * statements call on its own thread (a guest worker whose context is busy running the statement's caller):
     * see {@link SqlFunctions#call}.
     *
     * @throws MxcpException if the database is closed
     */
    public DbSession dedicatedSession(Object owner) {
        if (closed) {
            throw new MxcpException("The " + description + " is closed");
        }
        try {
            DuckDBConnection conn;
            synchronized (this) {
                conn = all.getFirst().conn.duplicate();
            }
            PooledConnection pooled;
            try {
                pooled = new PooledConnection(conn, true);
            } catch (SQLException e) {
                closeQuietly(conn);
                throw e;
            }
            pooled.owner = owner;
            if (functions != null) {
                functions.enroll(pooled);
            }
            dedicated.add(pooled);
            if (closed) { // closed meanwhile: close() may have missed it
                release(pooled);
                throw new MxcpException("The " + description + " is closed");
            }
            defineFunctions(pooled);
            return new DbSession(this, pooled);
        } catch (SQLException e) {
            throw new MxcpException("Cannot open a connection to the " + description + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** Defines the SQL functions on a connection just leased; a failure returns it. */
    private void defineFunctions(PooledConnection pooled) {
        if (functions == null) {
            return;
        }
        try {
            functions.define(pooled);
        } catch (RuntimeException e) {
            release(pooled);
            throw e;
        }
    }

    void release(PooledConnection pooled) {
        if (pooled.dedicated) {
            if (dedicated.remove(pooled)) {
                if (functions != null) {
                    functions.withdraw(pooled);
                }
                pooled.close();
            }
            return;
        }
        if (!closed) {
            pooled.resetAfterLease();
        }
        idle.push(pooled); // the most recently used first: its caches are the warmest
        turns.release();
    }

    /**
     * Closes every connection, waiting up to five seconds for leased ones to come back; those still leased
     * then are closed anyway, which fails whatever they are running.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        int returned = 0;
        try {
            while (returned < all.size() && turns.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                returned++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (returned < all.size()) {
            LOG.log(System.Logger.Level.WARNING, (all.size() - returned)
                    + " DuckDB connection(s) still in use; closing them anyway");
        }
        all.forEach(PooledConnection::close);
        dedicated.forEach(this::release);
        if (functions != null) {
            functions.close();
        }
        turns.release(returned); // wakes threads still waiting in session(), which then see the database closed
    }

    private static void closeQuietly(DuckDBConnection conn) {
        try {
            conn.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing a DuckDB connection failed", e);
        }
    }

    /** The first line of a driver message (the rest is hints and a caret under the SQL), without a class prefix. */
    static String firstLine(String message) {
        String text = String.valueOf(message).strip();
        if (text.startsWith("java.sql.SQLException:")) {
            text = text.substring("java.sql.SQLException:".length()).strip();
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }
}
