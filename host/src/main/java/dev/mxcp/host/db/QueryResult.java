package dev.mxcp.host.db;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a statement returned: rows of plain Java values, or a count of changed rows. Values are Boolean,
 * Integer/Long/BigInteger (unsigned and HUGEINT types exactly), Double (NaN kept), BigDecimal, String (also for
 * ENUM, UUID, BIT, and INTERVAL as an ISO-8601 duration such as {@code P1DT2H}), LocalDate, LocalTime,
 * OffsetTime, LocalDateTime, OffsetDateTime (in UTC), byte[] (BLOB), List (LIST, ARRAY), LinkedHashMap
 * (STRUCT, MAP), JSON as parsed plain values, and null for SQL NULL.
 *
 * @param columns the result's columns in order; empty for statements that return no rows
 * @param rows one LinkedHashMap per row, keyed by column name in column order (duplicate names get
 *     {@code _1}, {@code _2}... as in DuckDB's own clients)
 * @param updateCount rows changed by INSERT/UPDATE/DELETE/CREATE TABLE AS; -1 for queries and for
 *     statements without a count
 */
public record QueryResult(List<Column> columns, List<Map<String, Object>> rows, long updateCount) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = Collections.unmodifiableList(rows);
    }

    /**
     * A result column.
     *
     * @param name the column's name as it appears in the rows
     * @param type DuckDB's type name, e.g. "INTEGER", "DECIMAL(10,2)", "TIMESTAMP WITH TIME ZONE", "VARCHAR[]"
     */
    public record Column(String name, String type) {
    }
}
