package dev.mxcp.host.db;

import dev.mxcp.host.base.MxcpException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;
import org.duckdb.user.DuckDBMap;
import org.duckdb.user.DuckDBUserArray;
import org.duckdb.user.DuckDBUserStruct;

/**
 * Turns parameter values (plain Java values, as validated from JSON) into what duckdb_jdbc binds. Scalars bind
 * natively; a List becomes a DuckDB LIST and a Map with String keys a STRUCT. The driver types a LIST by the
 * element type name it is given but a STRUCT by its values' Java classes, so element types are inferred and
 * unified here (INTEGER, BIGINT, HUGEINT and DOUBLE widen into each other; lists of objects get the union of
 * their fields) and nested values are converted to match.
 */
final class DuckParams {

    /** The type of a value not known from any element (an empty list, a field that is always null). */
    private static final String NULL_TYPE = "\"NULL\"";

    /** DuckDB's DECIMAL holds at most 38 digits; the driver binds wider BigDecimals as NULL without a word. */
    private static final int MAX_DECIMAL_DIGITS = 38;

    private DuckParams() {
    }

    /** The JDBC object to bind for {@code value}; {@code name} is the parameter's name, for messages. */
    static Object toJdbc(DuckDBConnection conn, String name, Object value) throws SQLException {
        var binder = new Binder(conn, name);
        return binder.jdbc(value, binder.shape(value));
    }

    /** The inferred DuckDB type of a value: a leaf type name (with a rank if numeric), a list, or a struct. */
    private sealed interface Shape {
        String sql();
    }

    private record Leaf(String sql, int numericRank) implements Shape {
    }

    private record ListOf(Shape element) implements Shape {
        @Override
        public String sql() {
            return (element == null ? NULL_TYPE : element.sql()) + "[]";
        }
    }

    private record StructOf(Map<String, Shape> fields) implements Shape {
        @Override
        public String sql() {
            if (fields.isEmpty()) {
                return "MAP(VARCHAR, VARCHAR)"; // DuckDB has no empty STRUCT; {} binds as an empty MAP
            }
            return fields.entrySet().stream()
                    .map(f -> quoteIdentifier(f.getKey()) + " " + (f.getValue() == null ? NULL_TYPE : f.getValue().sql()))
                    .collect(Collectors.joining(", ", "STRUCT(", ")"));
        }
    }

    static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private record Binder(DuckDBConnection conn, String name) {

        Shape shape(Object value) {
            return switch (value) {
                case null -> null;
                case String _, Character _ -> new Leaf("VARCHAR", 0);
                case Boolean _ -> new Leaf("BOOLEAN", 0);
                case Byte _, Short _, Integer _ -> new Leaf("INTEGER", 1);
                case Long _ -> new Leaf("BIGINT", 2);
                case BigInteger _ -> new Leaf("HUGEINT", 3);
                case Float _, Double _, BigDecimal _ -> new Leaf("DOUBLE", 4);
                case LocalDate _ -> new Leaf("DATE", 0);
                case LocalTime _ -> new Leaf("TIME", 0);
                case LocalDateTime _ -> new Leaf("TIMESTAMP", 0);
                case OffsetDateTime _, Instant _ -> new Leaf("TIMESTAMPTZ", 0);
                case UUID _ -> new Leaf("UUID", 0);
                case byte[] _ -> new Leaf("BLOB", 0);
                case Object[] array -> listShape(Arrays.asList(array));
                case List<?> list -> listShape(list);
                case Map<?, ?> map -> {
                    Map<String, Shape> fields = new LinkedHashMap<>();
                    for (var entry : map.entrySet()) {
                        if (!(entry.getKey() instanceof String key)) {
                            throw fail("object keys must be strings, got " + entry.getKey());
                        }
                        fields.put(key, shape(entry.getValue()));
                    }
                    yield new StructOf(fields);
                }
                default -> throw fail("values of type " + value.getClass().getSimpleName() + " cannot be bound");
            };
        }

        private Shape listShape(List<?> list) {
            Shape element = null;
            for (Object item : list) {
                element = unify(element, shape(item));
            }
            return new ListOf(element);
        }

        private Shape unify(Shape a, Shape b) {
            if (a == null || a.equals(b)) {
                return b;
            }
            if (b == null) {
                return a;
            }
            if (a instanceof Leaf la && b instanceof Leaf lb && la.numericRank() > 0 && lb.numericRank() > 0) {
                return la.numericRank() >= lb.numericRank() ? la : lb;
            }
            if (a instanceof ListOf(Shape ea) && b instanceof ListOf(Shape eb)) {
                return new ListOf(unify(ea, eb));
            }
            if (a instanceof StructOf(var fa) && b instanceof StructOf(var fb)) {
                Map<String, Shape> fields = new LinkedHashMap<>(fa);
                fb.forEach((key, shape) -> fields.put(key, unify(fields.get(key), shape)));
                return new StructOf(fields);
            }
            throw fail("a list cannot mix " + a.sql() + " and " + b.sql() + " values");
        }

        Object jdbc(Object value, Shape shape) throws SQLException {
            return switch (value) {
                case null -> null;
                case Object[] array -> jdbc(Arrays.asList(array), shape);
                case List<?> list -> {
                    Shape element = ((ListOf) shape).element();
                    List<Object> items = new ArrayList<>(list.size());
                    for (Object item : list) {
                        items.add(jdbc(item, element));
                    }
                    yield new DuckDBUserArray(element == null ? NULL_TYPE : element.sql(), items.toArray());
                }
                case Map<?, ?> _ when ((StructOf) shape).fields().isEmpty() -> new DuckDBMap<>(shape.sql(), Map.of());
                case Map<?, ?> map -> {
                    var fields = ((StructOf) shape).fields();
                    List<Object> attributes = new ArrayList<>(fields.size());
                    for (var field : fields.entrySet()) {
                        attributes.add(jdbc(map.get(field.getKey()), field.getValue()));
                    }
                    yield new DuckDBUserStruct(shape.sql(), attributes.toArray());
                }
                case BigDecimal decimal -> decimal(decimal);
                case BigInteger integer -> {
                    if (integer.bitLength() > 127) {
                        throw fail("integer " + integer + " is too large for DuckDB (HUGEINT)");
                    }
                    yield conn.createHugeInt(integer.longValue(), integer.shiftRight(64).longValue());
                }
                case Character c -> c.toString();
                case Instant instant -> instant.atOffset(ZoneOffset.UTC);
                default -> value;
            };
        }

        /** Exact when DuckDB's DECIMAL can hold it, else a double (never the driver's silent NULL). */
        private static Object decimal(BigDecimal decimal) {
            BigDecimal d = decimal.scale() < 0 ? decimal.setScale(0) : decimal;
            return d.precision() <= MAX_DECIMAL_DIGITS && d.scale() <= MAX_DECIMAL_DIGITS ? d : d.doubleValue();
        }

        private MxcpException fail(String problem) {
            return new MxcpException("Cannot bind SQL parameter $" + name + ": " + problem);
        }
    }
}
