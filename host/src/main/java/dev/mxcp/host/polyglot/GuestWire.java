package dev.mxcp.host.polyglot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Host values as guest shims receive them. A guest sees Java strings, booleans, ints, longs and doubles as
 * its own values, but a Java list, map or date only as an opaque foreign object (for which Python's
 * {@code json.dumps} fails). Everything else is therefore sent as an array whose first element names what it
 * is, and the shim ({@code mxcp/_wire.py}) rebuilds a native value:
 *
 * <pre>
 * ["m", keys[], values[]]   map          ["l", items[]]   list
 * ["i", "123..."]           big integer  ["D", "1.50"]    decimal
 * ["d", "2024-01-31"]       date         ["t", iso]       date-time, with or without offset
 * ["h", iso]                time         ["b", base64]    bytes
 * ["c", items[], nulls[]]   a {@link Column}: strings, numbers and booleans taken as they are, None at nulls
 * </pre>
 *
 * Other values (UUIDs, durations...) are sent as their text.
 */
final class GuestWire {

    private GuestWire() {
    }

    /**
     * Values that are all strings, ints, doubles, booleans or null, which the guest takes as they are, in one
     * step: a plugin function's argument column (decoding a list element by element costs the guest far more).
     */
    record Column(Object[] values) {
        /** The positions of the nulls, which the guest would see as foreign nulls rather than None. */
        int[] nulls() {
            int count = 0;
            for (Object value : values) {
                count += value == null ? 1 : 0;
            }
            int[] nulls = new int[count];
            for (int i = 0, n = 0; n < count; i++) {
                if (values[i] == null) {
                    nulls[n++] = i;
                }
            }
            return nulls;
        }
    }

    static Object encode(Object value) {
        return switch (value) {
            case null -> null;
            case Column c -> new Object[] {"c", c.values(), c.nulls()};
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> i;
            case Long l -> l;
            case Double d -> d;
            case Short s -> s.intValue();
            case Byte b -> b.intValue();
            case Float f -> f.doubleValue();
            case BigInteger i -> new Object[] {"i", i.toString()};
            case BigDecimal d -> new Object[] {"D", d.toString()};
            case LocalDate d -> new Object[] {"d", d.toString()};
            case LocalDateTime t -> new Object[] {"t", t.toString()};
            case OffsetDateTime t -> new Object[] {"t", t.toString()};
            case ZonedDateTime t -> new Object[] {"t", t.toOffsetDateTime().toString()};
            case LocalTime t -> new Object[] {"h", t.toString()};
            case OffsetTime t -> new Object[] {"h", t.toString()};
            case byte[] b -> new Object[] {"b", Base64.getEncoder().encodeToString(b)};
            case List<?> list -> new Object[] {"l", encodeAll(list)};
            case Map<?, ?> map -> {
                Object[] keys = new Object[map.size()];
                Object[] values = new Object[map.size()];
                int i = 0;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    keys[i] = String.valueOf(entry.getKey());
                    values[i++] = encode(entry.getValue());
                }
                yield new Object[] {"m", keys, values};
            }
            default -> value.toString();
        };
    }

    /** Each element encoded; for a list, and for one row of a query result. */
    static Object[] encodeAll(List<?> values) {
        Object[] out = new Object[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = encode(values.get(i));
        }
        return out;
    }
}
