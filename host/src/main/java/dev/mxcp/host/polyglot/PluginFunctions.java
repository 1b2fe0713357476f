package dev.mxcp.host.polyglot;

import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.Cancellation;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.db.SqlFunctions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The plugins' {@code @udf} methods as the database's SQL functions. A call from a statement of a Python worker's
 * own connection runs in that worker, on its thread (the database hands it there: see {@code db.FunctionCalls}),
 * because its context is busy with the guest call that runs the statement; any other call (SQL endpoints,
 * {@code mxcp query}, tests, JavaScript's SQL) leases a worker of the Python pool like an endpoint call, with its
 * timeout, and is stopped when the calling statement is cancelled or times out. Neither waits for a worker that
 * waits for it: a worker never waits for the pool.
 */
final class PluginFunctions implements SqlFunctions {

    /** The Python pool, looked up per use: it fails once the runtime is closed. */
    private final Supplier<WorkerPool> python;

    PluginFunctions(Supplier<WorkerPool> python) {
        this.python = python;
    }

    @Override
    public List<Definition> definitions() {
        return python.get().sqlFunctions();
    }

    @Override
    public List<Object> call(Definition function, List<List<Object>> rows, Object owner, Cancellation cancellation) {
        Invocation invocation = new Invocation("udf", "", function.name(), "SQL function " + function.name());
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("function", function.name());
        args.put("columns", columns(rows, function.parameterTypes().size()));
        args.put("count", rows.size());
        Object results = owner instanceof Worker worker ? worker.callNested(invocation, args)
                : python.get().call(invocation, args, new CallContext(null, null, cancellation));
        if (!(results instanceof List<?> list)) {
            throw new MxcpException(invocation.label() + " returned no results");
        }
        return new ArrayList<>(list);
    }

    /** The rows' arguments by column, each a column for the wire. */
    private static List<GuestWire.Column> columns(List<List<Object>> rows, int width) {
        List<GuestWire.Column> columns = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            Object[] values = new Object[rows.size()];
            for (int r = 0; r < values.length; r++) {
                values[r] = rows.get(r).get(c);
            }
            columns.add(new GuestWire.Column(values));
        }
        return columns;
    }
}
