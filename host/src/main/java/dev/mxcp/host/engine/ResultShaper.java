package dev.mxcp.host.engine;

import dev.mxcp.host.endpoint.TypeSpec;
import java.util.List;
import java.util.Map;

/**
 * Fits a list result (SQL rows, or a list a Python/JS endpoint returned) to the declared {@code return}
 * type, as MXCP does before validating output: an {@code object} return takes the one row, a scalar return
 * the one column of the one row. Array returns, undeclared returns and non-list results pass unchanged.
 */
public final class ResultShaper {

    private ResultShaper() {
    }

    /**
     * Fits a result to the declared return type.
     *
     * @param returns the declared return type, or null when the endpoint declares none
     * @param result the raw result; only a {@code List} is reshaped
     * @return the value to validate and serialise
     * @throws InvalidOutputException when the rows cannot give one object or one value
     */
    public static Object shape(TypeSpec returns, Object result) {
        if (returns == null || returns.type() == null || !(result instanceof List<?> rows)) {
            return result;
        }
        return switch (returns.type()) {
            case ARRAY -> rows;
            case OBJECT -> onlyRow(rows, returns);
            case STRING, NUMBER, INTEGER, BOOLEAN -> onlyColumn(onlyRow(rows, returns));
        };
    }

    /** In MXCP's words, which scripts and tests look for. */
    private static Object onlyRow(List<?> rows, TypeSpec returns) {
        if (rows.isEmpty()) {
            throw new InvalidOutputException("result", "No results returned");
        }
        if (rows.size() > 1) {
            throw new InvalidOutputException("result", "Expected single result for return type '"
                    + returns.type().yamlName() + "', but got " + rows.size() + " results");
        }
        return rows.getFirst();
    }

    /** A row is a map of columns; a bare value (a guest returned [42]) already is the one column. */
    private static Object onlyColumn(Object row) {
        if (!(row instanceof Map<?, ?> columns)) {
            return row;
        }
        if (columns.size() != 1) {
            throw new InvalidOutputException("result",
                    "Expected exactly one column, got " + columns.size() + ": " + columns.keySet());
        }
        return columns.values().iterator().next();
    }
}
