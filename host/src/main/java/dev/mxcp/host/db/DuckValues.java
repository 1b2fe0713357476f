package dev.mxcp.host.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBStruct;
import org.duckdb.JsonNode;

/**
 * Turns what duckdb_jdbc returns into plain Java values (the host writes them as JSON later): Integer, Long,
 * BigInteger, Double, BigDecimal, Boolean, String, java.time values, byte[], List and LinkedHashMap. Nested
 * values are converted along the column's {@link DuckType}, because the driver hands some of them over as bare
 * Strings (INTERVAL) or as classes with lossy or zone-dependent conversions (Timestamp, OffsetDateTime).
 *
 * <p>One limit remains: inside LIST/STRUCT/MAP the driver builds TIMESTAMPs as {@code java.sql.Timestamp} in
 * the JVM's default time zone, so a nested wall-clock time that falls in that zone's DST gap comes out shifted
 * by the gap. Top-level columns are read exactly. Running the JVM in UTC avoids it.
 */
final class DuckValues {

    private static final Pattern INTERVAL = Pattern.compile(
            "(?:(-?\\d+) years? ?)?(?:(-?\\d+) months? ?)?(?:(-?\\d+) days? ?)?(?:(-)?(\\d+):(\\d\\d):(\\d\\d)(?:\\.(\\d+))?)?");

    private DuckValues() {
    }

    /** The value of a top-level column; TIMESTAMPs are read as LocalDateTime directly (exact in every zone). */
    static Object read(ResultSet rs, int column, DuckType type) throws SQLException {
        return switch (type.kind()) {
            case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> rs.getObject(column, LocalDateTime.class);
            default -> convert(rs.getObject(column), type);
        };
    }

    /**
     * A driver value of the given DuckDB type as a plain Java value. The value's class decides, the type
     * refines: it names the element and field types of containers and tells an INTERVAL from a VARCHAR. (A
     * UNION arrives as its member's value without the tag, so there the class is all there is to go by.)
     */
    static Object convert(Object raw, DuckType type) throws SQLException {
        String kind = type.kind();
        return switch (raw) {
            case null -> null;
            case Array array -> list(array,
                    kind.equals("LIST") || kind.equals("ARRAY") ? type.child(0) : DuckType.UNKNOWN);
            case DuckDBStruct struct -> struct(struct, kind.equals("STRUCT") ? type.children() : List.of());
            case Map<?, ?> map -> kind.equals("MAP")
                    ? map(map, type.child(0), type.child(1))
                    : map(map, DuckType.UNKNOWN, DuckType.UNKNOWN);
            case String text when kind.equals("INTERVAL") -> isoInterval(text);
            case String text when kind.equals("BIGNUM") || kind.equals("VARINT") -> new BigInteger(text);
            case Byte b -> b.intValue();
            case Short s -> s.intValue();
            case Float f -> Double.valueOf(f.toString()); // 0.1f stays 0.1, not 0.10000000149011612
            case Timestamp ts -> ts.toLocalDateTime();
            case OffsetDateTime odt -> odt.withOffsetSameInstant(ZoneOffset.UTC);
            case UUID uuid -> uuid.toString();
            case Blob blob -> blob.getBytes(1, (int) blob.length());
            case JsonNode json -> parseJson(json.toString());
            case Integer _, Long _, BigInteger _, Double _, BigDecimal _, Boolean _, String _, byte[] _ -> raw;
            case Temporal _ -> raw; // LocalDate, LocalTime, OffsetTime, LocalDateTime
            default -> raw.toString();
        };
    }

    private static List<Object> list(Array array, DuckType element) throws SQLException {
        Object[] items = (Object[]) array.getArray();
        List<Object> out = new ArrayList<>(items.length);
        for (Object item : items) {
            out.add(convert(item, element));
        }
        return out;
    }

    private static Map<String, Object> struct(DuckDBStruct struct, List<DuckType> fields) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<DuckType> types = fields.iterator();
        for (var field : struct.getMap().entrySet()) {
            DuckType type = types.hasNext() ? types.next() : DuckType.UNKNOWN;
            out.put(field.getKey(), convert(field.getValue(), type));
        }
        return out;
    }

    private static Map<Object, Object> map(Map<?, ?> map, DuckType keyType, DuckType valueType) throws SQLException {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (var entry : map.entrySet()) {
            out.put(convert(entry.getKey(), keyType), convert(entry.getValue(), valueType));
        }
        return out;
    }

    private static Object parseJson(String text) {
        try {
            return Json.toJava(Json.parse(text));
        } catch (JsonProcessingException e) {
            throw new MxcpException("DuckDB returned invalid JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * DuckDB's interval text ({@code 1 year 2 months 3 days 04:05:06.5}, {@code -1 day -02:00:00}) as an
     * ISO-8601 duration ({@code P1Y2M3DT4H5M6.5S}, {@code P-1DT-2H}); signs go on each component, as in
     * {@link java.time.Duration#toString()}. Text in any other shape is returned unchanged.
     */
    static String isoInterval(String text) {
        Matcher m = INTERVAL.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            return text;
        }
        var iso = new StringBuilder("P");
        appendPart(iso, m.group(1), "Y");
        appendPart(iso, m.group(2), "M");
        appendPart(iso, m.group(3), "D");
        if (m.group(5) != null) {
            String sign = m.group(4) == null ? "" : "-";
            var time = new StringBuilder();
            appendPart(time, sign + m.group(5), "H");
            appendPart(time, sign + m.group(6), "M");
            var seconds = new BigDecimal(sign + m.group(7) + (m.group(8) == null ? "" : "." + m.group(8)));
            if (seconds.signum() != 0) {
                time.append(seconds.stripTrailingZeros().toPlainString()).append('S');
            }
            if (!time.isEmpty()) {
                iso.append('T').append(time);
            }
        }
        return iso.length() == 1 ? "PT0S" : iso.toString();
    }

    private static void appendPart(StringBuilder out, String number, String unit) {
        if (number != null) {
            long value = Long.parseLong(number);
            if (value != 0) {
                out.append(value).append(unit);
            }
        }
    }
}
