package dev.mxcp.host.db;

import dev.mxcp.host.base.Cancellation;
import java.util.List;

/**
 * SQL functions whose bodies run outside DuckDB (plugins' {@code @udf} methods, in Python): the database defines
 * them on every connection and calls {@link #call} when SQL uses them; whoever implements this runs the bodies
 * (db knows nothing of guests). Values of the {@linkplain Definition#isDirect direct} types cross as Java
 * values ({@code String}, {@code Integer}, {@code Double}, {@code Boolean}); the others as JSON text: each argument
 * as DuckDB's {@code to_json} of it, the result as JSON that DuckDB casts to the declared type. NULL is null
 * both ways (functions see NULLs, as MXCP's do).
 */
public interface SqlFunctions {

    /**
     * One function.
     *
     * @param name its SQL name, an identifier
     * @param parameterTypes DuckDB type of each argument ({@code INTEGER}, {@code VARCHAR[]}, {@code MAP(VARCHAR, DOUBLE)}...)
     * @param returnType DuckDB type of the result
     */
    record Definition(String name, List<String> parameterTypes, String returnType) {
        public Definition {
            parameterTypes = List.copyOf(parameterTypes);
        }

        /** Whether values of {@code type} cross as Java values; the others cross as JSON text. */
        public static boolean isDirect(String type) {
            return DIRECT.contains(type.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** The types that cross as Java values: those of most functions, which are then spared JSON's cost. */
    List<String> DIRECT = List.of("VARCHAR", "INTEGER", "DOUBLE", "BOOLEAN");

    /**
     * The functions to define, waiting until they are known; null when they cannot be known yet without waiting
     * for the calling thread itself (a connection opened while the plugins load): that connection then gets
     * them at its next lease.
     *
     * @throws RuntimeException when they cannot be listed: the lease fails with it
     */
    List<Definition> definitions();

    /**
     * Runs {@code function} on rows of arguments (see above for how values cross).
     *
     * @param owner the owner of the session whose statement called it ({@link DuckDb#dedicatedSession(Object)}):
     *     then this runs on the owner's own thread, inside the owner's call that runs the statement; null for
     *     other sessions, on any thread
     * @param cancellation cancelled with the calling statement (its timeout, its caller's cancellation)
     * @return one result per row
     * @throws RuntimeException when the function failed: its message becomes the SQL error
     */
    List<Object> call(Definition function, List<List<Object>> rows, Object owner, Cancellation cancellation);
}
