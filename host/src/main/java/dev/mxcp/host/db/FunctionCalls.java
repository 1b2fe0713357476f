package dev.mxcp.host.db;

import dev.mxcp.host.base.Cancellation;
import dev.mxcp.host.base.MxcpException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBReadableVector;
import org.duckdb.DuckDBScalarFunctionBuilder;
import org.duckdb.DuckDBWritableVector;

/**
 * The DuckDB side of a database's {@link SqlFunctions}: each is a host function, registered once for the whole
 * database, behind a temporary macro of its SQL name on every connection (see {@link DuckDbSetup#functionMacro}).
 * DuckDB calls a host function on any of its threads, and the macro's first argument tells which connection's
 * statement called it.
 *
 * <p>Reentrancy: a guest context runs on one thread at a time, and a guest worker may be the very one whose
 * {@code db.execute} runs the statement that calls the function. Such a session has an owner: its statements run
 * on a helper thread while the owner's thread (inside its guest call, so inside its context) runs the function
 * calls the statement sends it, until the statement ends. Statements of other sessions (SQL endpoints, {@code mxcp
 * query}, tests) call the functions on DuckDB's thread, and the implementer leases a worker of its own for them.
 * A function's SQL on the very connection that called it fails at once instead of waiting for itself.
 */
final class FunctionCalls implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FunctionCalls.class.getName());
    private static final AtomicLong IDS = new AtomicLong();
    private static final Runnable DONE = () -> { };

    private final SqlFunctions functions;
    private final Map<Long, PooledConnection> connections = new ConcurrentHashMap<>();
    /** Runs owned sessions' statements while their owner's thread serves the function calls. */
    private final ExecutorService helpers = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("mxcp-sql-statement-", 0).daemon().factory());
    private boolean registered;

    FunctionCalls(SqlFunctions functions) {
        this.functions = functions;
    }

    /** The statement a connection is running, and what its function calls need. */
    static final class Running {
        final Cancellation cancellation = new Cancellation();
        /** The thread running the statement's session: the owner's, which runs its function calls. */
        final Thread thread = Thread.currentThread();
        final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    }

    /** A function's failure, as DuckDB reports it: the message alone (DuckDB prints the stack otherwise). */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** Numbers a new connection, so that its macros name it. */
    void enroll(PooledConnection pooled) {
        pooled.id = IDS.incrementAndGet();
        connections.put(pooled.id, pooled);
    }

    void withdraw(PooledConnection pooled) {
        connections.remove(pooled.id);
    }

    /**
     * Defines the functions on a connection just leased, unless done before. Waits until they are known (the
     * first lease of a project with plugins starts one guest worker); leaves it for the next lease when they
     * cannot be known yet.
     */
    void define(PooledConnection pooled) {
        if (pooled.functionsDefined) {
            return;
        }
        List<SqlFunctions.Definition> definitions = functions.definitions(); // may wait: never under a lock
        if (definitions == null) {
            return;
        }
        register(pooled.conn, definitions);
        try (Statement st = pooled.conn.createStatement()) {
            for (SqlFunctions.Definition function : definitions) {
                try {
                    st.execute(DuckDbSetup.functionMacro(pooled.id, function));
                } catch (SQLException e) {
                    LOG.log(System.Logger.Level.ERROR, "SQL function " + function.name() + " is not defined: "
                            + DuckDb.firstLine(e.getMessage()));
                }
            }
        } catch (SQLException e) {
            throw new MxcpException("Cannot define the SQL functions: " + DuckDb.firstLine(e.getMessage()), e);
        }
        pooled.functionsDefined = true;
    }

    /** The host functions: once per database, on whichever connection comes first. */
    private synchronized void register(DuckDBConnection conn, List<SqlFunctions.Definition> definitions) {
        if (registered) {
            return;
        }
        for (SqlFunctions.Definition function : definitions) {
            List<String> types = function.parameterTypes();
            DuckDBColumnType[] parameters = new DuckDBColumnType[types.size() + 1];
            parameters[0] = DuckDBColumnType.BIGINT;
            for (int i = 0; i < types.size(); i++) {
                parameters[i + 1] = columnType(types.get(i));
            }
            try (DuckDBScalarFunctionBuilder builder = DuckDBFunctions.scalarFunction()) {
                builder.withName(DuckDbSetup.hostFunction(function.name()))
                        .withParameters(parameters)
                        .withReturnType(columnType(function.returnType()))
                        // evaluated at every execution: connections keep prepared statements, in which DuckDB
                        // would otherwise have folded a call with constant arguments once for good
                        .withVolatile()
                        .withVectorizedFunction((in, out) -> write(function, call(in.vector(0).getLong(0), function, read(in)), out))
                        .register(conn);
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.ERROR, "SQL function " + function.name() + " is not defined: "
                        + DuckDb.firstLine(e.getMessage()));
            }
        }
        registered = true;
    }

    /** The host function's type for a declared type: itself when it crosses directly, else JSON text. */
    private static DuckDBColumnType columnType(String type) {
        return SqlFunctions.Definition.isDirect(type) ? DuckDBColumnType.valueOf(type.toUpperCase(Locale.ROOT))
                : DuckDBColumnType.VARCHAR;
    }

    /** The arguments of each row (after the connection's id). */
    private static List<List<Object>> read(DuckDBDataChunkReader in) {
        int rows = (int) in.rowCount();
        int width = (int) in.columnCount();
        List<List<Object>> args = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            args.add(new ArrayList<>(width - 1));
        }
        for (int c = 1; c < width; c++) {
            DuckDBReadableVector vector = in.vector(c);
            DuckDBColumnType type = vector.getType();
            for (int r = 0; r < rows; r++) {
                args.get(r).add(vector.isNull(r) ? null : switch (type) {
                    case INTEGER -> vector.getInt(r);
                    case DOUBLE -> vector.getDouble(r);
                    case BOOLEAN -> vector.getBoolean(r);
                    default -> vector.getString(r);
                });
            }
        }
        return args;
    }

    private static void write(SqlFunctions.Definition function, List<Object> results, DuckDBWritableVector out) {
        DuckDBColumnType type = out.getType();
        for (int r = 0; r < results.size(); r++) {
            Object result = results.get(r);
            if (result == null) {
                out.setNull(r);
                continue;
            }
            switch (type) {
                case INTEGER -> {
                    if (!(result instanceof Number n) || result instanceof Double || n.longValue() != n.intValue()) {
                        throw new Failure(function.name() + " returned " + result + ", which is no INTEGER");
                    }
                    out.setInt(r, n.intValue());
                }
                case DOUBLE -> {
                    if (!(result instanceof Number n)) {
                        throw new Failure(function.name() + " returned " + result + ", which is no DOUBLE");
                    }
                    out.setDouble(r, n.doubleValue());
                }
                case BOOLEAN -> {
                    if (!(result instanceof Boolean b)) {
                        throw new Failure(function.name() + " returned " + result + ", which is no BOOLEAN");
                    }
                    out.setBoolean(r, b);
                }
                default -> out.setString(r, result.toString());
            }
        }
    }

    /** A host function's call, on a DuckDB thread, sent where the calling connection's statement wants it. */
    private List<Object> call(long connection, SqlFunctions.Definition function, List<List<Object>> rows) {
        PooledConnection pooled = connections.get(connection);
        Running running = pooled == null ? null : pooled.running;
        try {
            List<Object> results;
            if (running == null || pooled.owner == null || Thread.currentThread() == running.thread) {
                results = functions.call(function, rows, running == null ? null : pooled.owner,
                        running == null ? Cancellation.NONE : running.cancellation);
            } else {
                CompletableFuture<List<Object>> answer = new CompletableFuture<>();
                running.inbox.add(() -> {
                    try {
                        answer.complete(functions.call(function, rows, pooled.owner, running.cancellation));
                    } catch (RuntimeException e) {
                        answer.completeExceptionally(e);
                    }
                });
                results = answer.join();
            }
            if (results.size() != rows.size()) {
                throw new Failure(function.name() + " returned " + results.size() + " results for " + rows.size() + " rows");
            }
            return results;
        } catch (CompletionException e) {
            throw new Failure(String.valueOf(e.getCause().getMessage()));
        } catch (RuntimeException e) {
            throw e instanceof Failure ? e : new Failure(String.valueOf(e.getMessage()));
        }
    }

    /**
     * Runs a statement of {@code pooled}: for an owned session on a helper thread, while this (the owner's)
     * thread runs the function calls it sends, until it ends.
     *
     * @throws MxcpException when the connection is running a statement already (a function's SQL on the
     *     connection whose statement called it)
     */
    <T> T run(PooledConnection pooled, Supplier<T> statement) {
        if (pooled.running != null) {
            throw new MxcpException("A SQL function's own SQL cannot use the connection whose statement called it");
        }
        Running running = new Running();
        pooled.running = running;
        try {
            if (pooled.owner == null) {
                return statement.get();
            }
            CompletableFuture<T> result = new CompletableFuture<>();
            helpers.execute(() -> {
                try {
                    result.complete(statement.get());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                } finally {
                    running.inbox.add(DONE);
                }
            });
            serve(running);
            return result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new MxcpException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } finally {
            pooled.running = null;
        }
    }

    /**
     * Runs the function calls sent to this thread until the statement ends (an interrupt waits for that too:
     * the statement's timeout or cancellation ends it).
     */
    private static void serve(Running running) {
        boolean interrupted = false;
        while (true) {
            Runnable task;
            try {
                task = running.inbox.take();
            } catch (InterruptedException e) {
                interrupted = true;
                continue;
            }
            if (task == DONE) {
                break;
            }
            task.run();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        helpers.shutdownNow();
    }
}
