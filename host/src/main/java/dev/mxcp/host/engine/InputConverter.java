package dev.mxcp.host.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.endpoint.TypeSpec;
import dev.mxcp.host.endpoint.TypeSpec.DataType;
import dev.mxcp.host.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates raw arguments against an endpoint's parameters and converts them to the engine's Java values.
 *
 * <p>Raw values come from JSON (MCP clients, YAML tests) or from the command line, where every value is a
 * string. Converted values are: {@code String}; {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime}
 * or {@code OffsetDateTime} for the date/time formats; {@code Double} for {@code number}; {@code Long} (or
 * {@code BigInteger} past 64 bits) for {@code integer}; {@code Boolean}; unmodifiable {@code List} and
 * {@code Map<String, Object>}; {@code null}.
 *
 * <p>Where MXCP is lenient by accident this class is strict on purpose: {@code pattern} is enforced, an
 * integer parameter rejects 1.9 (MXCP truncates it to 1), booleans accept only true/false, and enums and
 * unique items compare by value after conversion. Where clients are sloppy it is lenient on purpose: numbers
 * and booleans sent to a string parameter become text (MXCP #215), and {@code null} for an optional
 * parameter means "use the default".
 */
public final class InputConverter {

    /** Longest number text accepted; bounds the cost of BigDecimal arithmetic on hostile input. */
    private static final int MAX_DIGITS = 1000;

    /** HUGEINT is DuckDB's widest integer: anything wider could not be bound anyway. */
    private static final int MAX_INTEGER_BITS = 127;

    private InputConverter() {
    }

    /**
     * Checks and converts arguments.
     *
     * <p>Null handling: a parameter with a {@code default} is optional, and {@code null} counts as absent, so
     * it gets the default ({@code default: null} gives null). A parameter without a default is required and
     * rejects null. Inside objects, a property that is not {@code required} may be null; array items may not.
     *
     * @param parameters the endpoint's parameters, in declaration order
     * @param arguments raw arguments by name; null means none
     * @return converted arguments, one entry per parameter, in declaration order
     * @throws InvalidInputException naming the first unknown, missing or invalid parameter
     */
    public static Map<String, Object> convert(List<TypeSpec> parameters, Map<String, ?> arguments) {
        Map<String, ?> raw = arguments == null ? Map.of() : arguments;
        for (String key : raw.keySet()) {
            if (parameters.stream().noneMatch(p -> p.name().equals(key))) {
                throw new InvalidInputException(key, "Unknown parameter: " + key);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (TypeSpec parameter : parameters) {
            String name = parameter.name();
            Object value = raw.get(name);
            if (value == null && parameter.hasDefault()) {
                out.put(name, topLevelDefault(parameter));
            } else if (value == null && !raw.containsKey(name)) {
                throw new InvalidInputException(name, "Required parameter missing: " + name);
            } else {
                try {
                    out.put(name, convertValue(parameter, value, name, false));
                } catch (Violation v) {
                    throw new InvalidInputException(v.path,
                            "Invalid value for parameter '" + v.path + "': " + v.detail);
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object topLevelDefault(TypeSpec parameter) {
        try {
            return defaultOf(parameter, parameter.name(), false);
        } catch (Violation v) {
            // The author's mistake, not the caller's: say so.
            throw new InvalidInputException(v.path, "Invalid default for parameter '" + v.path + "': " + v.detail);
        }
    }

    private static Object defaultOf(TypeSpec spec, String path, boolean hidden) {
        JsonNode node = spec.defaultValue();
        return node == null || node.isNull() ? null : convertValue(spec, Json.toJava(node), path, hidden);
    }

    /** Converts one non-root value; {@code hidden} once any enclosing type is sensitive. */
    private static Object convertValue(TypeSpec spec, Object raw, String path, boolean hidden) {
        boolean secret = hidden || spec.sensitive();
        if (raw == null) {
            throw new Violation(path, "expected " + Values.typeName(spec) + ", got null");
        }
        if (spec.type() == null) {
            return raw;
        }
        return switch (spec.type()) {
            case STRING, NUMBER, INTEGER, BOOLEAN -> {
                Object value = scalar(spec, raw, path, secret);
                checkEnum(spec, raw, value, path, secret);
                checkScalar(spec, raw, value, path, secret);
                yield value;
            }
            case ARRAY -> {
                Object value = array(spec, raw, path, secret);
                checkEnum(spec, raw, value, path, secret);
                yield value;
            }
            case OBJECT -> {
                Object value = object(spec, raw, path, secret);
                checkEnum(spec, raw, value, path, secret);
                yield value;
            }
        };
    }

    // ---- scalars: type conversion, then enum, then constraints -----------------------------------------

    private static Object scalar(TypeSpec spec, Object raw, String path, boolean hidden) {
        return switch (spec.type()) {
            case STRING -> {
                String text = text(raw, path, hidden);
                yield spec.format() == null ? text : formatted(spec.format(), text, path, hidden);
            }
            case NUMBER -> {
                double value = decimal(raw, "number", path, hidden).doubleValue();
                if (Double.isInfinite(value)) {
                    throw new Violation(path, "expected number, got " + Values.describe(raw, hidden) + " (out of range)");
                }
                yield value;
            }
            case INTEGER -> integer(raw, path, hidden);
            case BOOLEAN -> bool(raw, path, hidden);
            case ARRAY, OBJECT -> throw new IllegalArgumentException("not a scalar: " + spec.type());
        };
    }

    private static void checkScalar(TypeSpec spec, Object raw, Object value, String path, boolean hidden) {
        switch (value) {
            case Number n -> Values.checkNumber(spec, Values.decimal(n), raw, path, hidden);
            // Length and pattern apply to the text as sent, also for formatted strings (MXCP skips them there).
            case TemporalAccessor _, String _ -> Values.checkText(spec, text(raw, path, hidden), path, hidden);
            default -> {
            }
        }
    }

    /** Strings as they are; numbers and booleans as their JSON text, because LLMs send "wrong" scalars. */
    private static String text(Object raw, String path, boolean hidden) {
        return switch (raw) {
            case String s -> s;
            case Boolean b -> b.toString();
            case BigDecimal d -> d.toPlainString();
            case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d).toPlainString();
            case Float f when Float.isFinite(f) -> new BigDecimal(f.toString()).toPlainString();
            case Number n -> n.toString();
            // Temporal values arrive from YAML tests or from a default the YAML parser typed itself.
            case TemporalAccessor t -> t.toString();
            default -> throw new Violation(path, "expected string, got " + Values.describe(raw, hidden));
        };
    }

    private static Object formatted(TypeSpec.Format format, String text, String path, boolean hidden) {
        String got = ", got " + Values.repr(text, hidden);
        try {
            return switch (format) {
                case EMAIL -> {
                    if (!Values.isEmail(text)) {
                        throw new Violation(path, "expected an email address" + got);
                    }
                    yield text;
                }
                case URI -> {
                    if (!Values.isUri(text)) {
                        throw new Violation(path, "expected an absolute URI" + got);
                    }
                    yield text;
                }
                case DURATION -> {
                    if (!Values.isDuration(text)) {
                        throw new Violation(path, "expected an ISO-8601 duration such as P1DT12H" + got);
                    }
                    yield text;
                }
                case DATE -> LocalDate.parse(text);
                case TIME -> LocalTime.parse(text);
                case DATE_TIME -> dateTime(text);
                case TIMESTAMP -> timestamp(text, path, hidden);
            };
        } catch (DateTimeParseException e) {
            String expected = switch (format) {
                case DATE -> "a date (YYYY-MM-DD)";
                case TIME -> "a time (HH:MM[:SS])";
                case DATE_TIME, TIMESTAMP, EMAIL, URI, DURATION -> "an ISO-8601 date-time such as 2024-01-31T12:00:00Z";
            };
            throw new Violation(path, "expected " + expected + got);
        }
    }

    /** With an offset (or Z) an OffsetDateTime, else a LocalDateTime; like Python's fromisoformat. */
    private static TemporalAccessor dateTime(String text) {
        String iso = text.length() > 10 && text.charAt(10) == ' '
                ? text.substring(0, 10) + 'T' + text.substring(11)
                : text;
        iso = iso.toUpperCase(Locale.ROOT); // RFC 3339 allows lower-case t and z
        if (iso.length() == 10) {
            return LocalDate.parse(iso).atStartOfDay();
        }
        try {
            return OffsetDateTime.parse(iso);
        } catch (DateTimeParseException noOffset) {
            return LocalDateTime.parse(iso);
        }
    }

    /** Seconds since the epoch (fractions allowed) as a UTC date-time; MXCP used the server's zone. */
    private static OffsetDateTime timestamp(String text, String path, boolean hidden) {
        BigDecimal seconds = decimal(text, "a timestamp (seconds since the epoch)", path, hidden);
        try {
            BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
            long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValue();
            return OffsetDateTime.ofInstant(Instant.ofEpochSecond(whole.longValueExact(), nanos), ZoneOffset.UTC);
        } catch (ArithmeticException | DateTimeException e) {
            throw new Violation(path, "expected a timestamp (seconds since the epoch), got "
                    + Values.repr(text, hidden) + " (out of range)");
        }
    }

    /** The exact value of a JSON number or of number text; booleans are not numbers. */
    private static BigDecimal decimal(Object raw, String expected, String path, boolean hidden) {
        BigDecimal value = switch (raw) {
            case Number n -> Values.decimal(n);
            case String s -> {
                try {
                    yield new BigDecimal(s.strip());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
            default -> null;
        };
        if (value == null) {
            throw new Violation(path, "expected " + expected + ", got " + Values.describe(raw, hidden));
        }
        if (value.precision() > MAX_DIGITS || Math.abs(value.scale()) > MAX_DIGITS) {
            throw new Violation(path, "expected " + expected + ", got " + Values.describe(raw, hidden)
                    + " (out of range)");
        }
        return value;
    }

    /** Whole numbers only: 2.0 is 2, but 1.9 is an error rather than MXCP's silent 1. */
    private static Number integer(Object raw, String path, boolean hidden) {
        BigDecimal value = decimal(raw, "integer", path, hidden);
        if (!Values.isIntegral(value)) {
            throw new Violation(path, "expected integer, got " + Values.describe(raw, hidden));
        }
        // Digits before the point, checked before toBigIntegerExact() would expand 1e999 into 1000 digits.
        BigInteger whole = value.precision() - value.scale() > 40 ? null : value.toBigIntegerExact();
        if (whole == null || whole.bitLength() > MAX_INTEGER_BITS) {
            throw new Violation(path, "expected integer, got " + Values.describe(raw, hidden) + " (out of range)");
        }
        return whole.bitLength() < Long.SIZE ? (Number) whole.longValue() : whole;
    }

    /** true/false only (any case, for the command line); not Python truthiness. */
    private static Boolean bool(Object raw, String path, boolean hidden) {
        return switch (raw) {
            case Boolean b -> b;
            case String s when s.strip().equalsIgnoreCase("true") -> true;
            case String s when s.strip().equalsIgnoreCase("false") -> false;
            default -> throw new Violation(path, "expected boolean, got " + Values.describe(raw, hidden));
        };
    }

    // ---- arrays and objects ------------------------------------------------------------------------------

    private static List<Object> array(TypeSpec spec, Object raw, String path, boolean hidden) {
        if (!(fromJsonText(raw, DataType.ARRAY, path, hidden) instanceof List<?> list)) {
            throw new Violation(path, "expected array, got " + Values.describe(raw, hidden));
        }
        Values.checkItemCount(spec, list.size(), path);
        List<Object> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            out.add(spec.items() == null ? item : convertValue(spec.items(), item, path + "[" + i + "]", hidden));
        }
        Values.checkUnique(spec, out, path, hidden);
        return Collections.unmodifiableList(out);
    }

    private static Map<String, Object> object(TypeSpec spec, Object raw, String path, boolean hidden) {
        if (!(fromJsonText(raw, DataType.OBJECT, path, hidden) instanceof Map<?, ?> map)) {
            throw new Violation(path, "expected object, got " + Values.describe(raw, hidden));
        }
        for (String key : spec.required()) {
            if (!map.containsKey(key)) {
                throw new Violation(path, "missing required property '" + key + "'");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            TypeSpec property = spec.properties().get(key);
            String at = path + "." + key;
            if (property == null) {
                if (Boolean.FALSE.equals(spec.additionalProperties())) {
                    throw new Violation(path, "unknown property '" + key + "'");
                }
                out.put(key, value);
            } else if (value == null && property.hasDefault()) {
                out.put(key, defaultOf(property, at, hidden));
            } else if (value == null && !spec.required().contains(key)) {
                out.put(key, null); // an optional field sent as null: keep it, as the client meant "no value"
            } else {
                out.put(key, convertValue(property, value, at, hidden));
            }
        }
        // Unlike MXCP, a declared default fills a missing property: that is what the author wrote it for.
        spec.properties().forEach((key, property) -> {
            if (!out.containsKey(key) && property.hasDefault()) {
                out.put(key, defaultOf(property, path + "." + key, hidden));
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** Arrays and objects may come as JSON text: from the command line, or from clients that stringify. */
    private static Object fromJsonText(Object raw, DataType expected, String path, boolean hidden) {
        if (!(raw instanceof String text)) {
            return raw;
        }
        try {
            return Json.toJava(Json.parse(text));
        } catch (JsonProcessingException e) {
            throw new Violation(path, "expected " + expected.yamlName() + ", got " + Values.describe(raw, hidden)
                    + " (not valid JSON)");
        }
    }

    // ---- enum ----------------------------------------------------------------------------------------------

    /** After conversion, so "2" matches an integer enum [1, 2] and 2.0 matches 2. */
    private static void checkEnum(TypeSpec spec, Object raw, Object value, String path, boolean hidden) {
        List<Object> allowed = spec.enumValues();
        if (allowed == null || allowed.isEmpty()) {
            return;
        }
        Object actual = Values.normalize(value);
        for (Object candidate : allowed) {
            if (Values.normalize(typed(spec, candidate)).equals(actual)) {
                return;
            }
        }
        throw new Violation(path, "expected one of " + Values.list(allowed) + ", got " + Values.repr(raw, hidden));
    }

    /** An enum entry converted like an argument would be (a date enum holds LocalDates), else as written. */
    private static Object typed(TypeSpec spec, Object candidate) {
        if (candidate == null) {
            return null;
        }
        try {
            return switch (spec.type()) {
                case STRING, NUMBER, INTEGER, BOOLEAN -> scalar(spec, candidate, "", false);
                case ARRAY, OBJECT -> candidate;
            };
        } catch (Violation unconvertible) {
            return candidate;
        }
    }
}
