package dev.mxcp.host.engine;

import dev.mxcp.host.endpoint.TypeSpec;
import dev.mxcp.host.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Rules and wording shared by input conversion and output validation, so that both check constraints the
 * same way and describe offending values the same way.
 */
final class Values {

    /** Longest value text quoted in a message; messages stay one short line. */
    private static final int SHOWN_CHARS = 60;

    /** Pragmatic email shape: something@domain.tld, no spaces. Full RFC 5322 rejects nothing users mean. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");

    /** ISO-8601 duration (RFC 3339 appendix A), including Y/M/W that java.time.Duration cannot parse. */
    private static final Pattern DURATION = Pattern.compile(
            "^P(?=\\d|T\\d)(\\d+([.,]\\d+)?Y)?(\\d+([.,]\\d+)?M)?(\\d+([.,]\\d+)?W)?(\\d+([.,]\\d+)?D)?"
                    + "(T(?=\\d)(\\d+([.,]\\d+)?H)?(\\d+([.,]\\d+)?M)?(\\d+([.,]\\d+)?S)?)?$");

    /** Patterns come from endpoint definitions, a bounded set: compile each once. */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private Values() {
    }

    // ---- describing values -------------------------------------------------------------------------

    /** The MXCP type name of a Java value, as used in messages. */
    static String kind(Object value) {
        return switch (value) {
            case null -> "null";
            case CharSequence _ -> "string";
            case Boolean _ -> "boolean";
            case Integer _, Long _, Short _, Byte _, BigInteger _ -> "integer";
            case Number _ -> "number";
            case List<?> _ -> "array";
            case Map<?, ?> _ -> "object";
            case LocalDate _ -> "date";
            case LocalTime _, OffsetTime _ -> "time";
            case LocalDateTime _, OffsetDateTime _, ZonedDateTime _ -> "date-time";
            case byte[] _ -> "binary";
            default -> value.getClass().getSimpleName();
        };
    }

    /** A value as shown in a message: strings quoted, others as JSON, long ones cut, sensitive ones hidden. */
    static String repr(Object value, boolean hidden) {
        if (value == null) {
            return "null";
        }
        if (hidden) {
            return "(sensitive value hidden)";
        }
        String text = switch (value) {
            case CharSequence s -> "'" + s + "'";
            case BigDecimal d -> d.toString();
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case TemporalAccessor t -> t.toString();
            case byte[] b -> "(" + b.length + " bytes)";
            // Do not serialise a whole large result only to cut it down to a few characters.
            case List<?> l when l.size() > SHOWN_CHARS -> "(" + l.size() + " items)";
            case Map<?, ?> m when m.size() > SHOWN_CHARS -> "(" + m.size() + " properties)";
            default -> {
                try {
                    yield Json.write(value);
                } catch (RuntimeException unserialisable) {
                    yield String.valueOf(value);
                }
            }
        };
        // One line, short: a message is not the place for a whole payload.
        text = text.replaceAll("[\\r\\n\\t]", " ");
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "...";
    }

    /** Kind and value, e.g. {@code string 'abc'}, {@code number 1.9}, {@code null}. */
    static String describe(Object value, boolean hidden) {
        return value == null ? "null" : kind(value) + " " + repr(value, hidden);
    }

    /** Enum values as MXCP lists them: {@code [open, closed]}. */
    static String list(List<Object> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    static String typeName(TypeSpec spec) {
        return spec.type() == null ? "a value" : spec.type().yamlName();
    }

    // ---- numbers --------------------------------------------------------------------------------------

    /** The exact decimal value of a Java number, or null when it is NaN or infinite. */
    static BigDecimal decimal(Number number) {
        return switch (number) {
            case BigDecimal d -> d;
            case BigInteger i -> new BigDecimal(i);
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case Short s -> BigDecimal.valueOf(s);
            case Byte b -> BigDecimal.valueOf(b);
            // Through the shortest decimal text, so 0.1d counts as 0.1 (multipleOf, enum equality).
            case Double d -> Double.isFinite(d) ? new BigDecimal(d.toString()) : null;
            case Float f -> Float.isFinite(f) ? new BigDecimal(f.toString()) : null;
            default -> {
                try {
                    yield new BigDecimal(number.toString());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
    }

    static boolean isIntegral(BigDecimal value) {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }

    /**
     * minimum, maximum, exclusiveMinimum, exclusiveMaximum and multipleOf, compared exactly (the value is
     * shown only in a failure: this runs for every number of every call).
     */
    static void checkNumber(TypeSpec spec, BigDecimal value, Object shown, String path, boolean hidden) {
        if (spec.minimum() != null && value.compareTo(spec.minimum()) < 0) {
            throw new Violation(path, "expected a value >= " + spec.minimum().toPlainString() + got(shown, hidden));
        }
        if (spec.exclusiveMinimum() != null && value.compareTo(spec.exclusiveMinimum()) <= 0) {
            throw new Violation(path, "expected a value > " + spec.exclusiveMinimum().toPlainString()
                    + got(shown, hidden));
        }
        if (spec.maximum() != null && value.compareTo(spec.maximum()) > 0) {
            throw new Violation(path, "expected a value <= " + spec.maximum().toPlainString() + got(shown, hidden));
        }
        if (spec.exclusiveMaximum() != null && value.compareTo(spec.exclusiveMaximum()) >= 0) {
            throw new Violation(path, "expected a value < " + spec.exclusiveMaximum().toPlainString()
                    + got(shown, hidden));
        }
        BigDecimal step = spec.multipleOf();
        if (step != null && step.signum() > 0 && value.remainder(step).signum() != 0) {
            throw new Violation(path, "expected a multiple of " + step.toPlainString() + got(shown, hidden));
        }
    }

    private static String got(Object shown, boolean hidden) {
        return ", got " + repr(shown, hidden);
    }

    // ---- strings --------------------------------------------------------------------------------------

    /** minLength, maxLength (in code points, as JSON Schema counts characters) and pattern. */
    static void checkText(TypeSpec spec, String text, String path, boolean hidden) {
        int length = text.codePointCount(0, text.length());
        if (spec.minLength() != null && length < spec.minLength()) {
            throw new Violation(path, "expected at least " + spec.minLength() + " characters, got " + length);
        }
        if (spec.maxLength() != null && length > spec.maxLength()) {
            throw new Violation(path, "expected at most " + spec.maxLength() + " characters, got " + length);
        }
        // JSON Schema patterns are not anchored: find(), not matches().
        if (spec.pattern() != null && !pattern(spec.pattern(), path).matcher(text).find()) {
            throw new Violation(path,
                    "expected text matching pattern '" + spec.pattern() + "', got " + repr(text, hidden));
        }
    }

    private static Pattern pattern(String regex, String path) {
        try {
            return PATTERNS.computeIfAbsent(regex, Pattern::compile);
        } catch (PatternSyntaxException e) {
            throw new Violation(path, "the definition's pattern '" + regex + "' is not a valid regular expression");
        }
    }

    static boolean isEmail(String text) {
        return EMAIL.matcher(text).matches();
    }

    /** An absolute URI (with a scheme), as JSON Schema's "uri" format requires. */
    static boolean isUri(String text) {
        try {
            return new URI(text).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static boolean isDuration(String text) {
        return DURATION.matcher(text).matches();
    }

    // ---- arrays and equality --------------------------------------------------------------------------

    static void checkItemCount(TypeSpec spec, int size, String path) {
        if (spec.minItems() != null && size < spec.minItems()) {
            throw new Violation(path, "expected at least " + spec.minItems() + " items, got " + size);
        }
        if (spec.maxItems() != null && size > spec.maxItems()) {
            throw new Violation(path, "expected at most " + spec.maxItems() + " items, got " + size);
        }
    }

    static void checkUnique(TypeSpec spec, List<?> items, String path, boolean hidden) {
        if (!Boolean.TRUE.equals(spec.uniqueItems())) {
            return;
        }
        Set<Object> seen = new HashSet<>();
        for (Object item : items) {
            if (!seen.add(normalize(item))) {
                throw new Violation(path, "expected unique items, got " + repr(item, hidden) + " more than once");
            }
        }
    }

    /**
     * A form of a value whose {@code equals} is JSON Schema's equality: numbers by value (2 == 2.0),
     * instants by the moment they denote, lists and maps deeply.
     */
    static Object normalize(Object value) {
        return switch (value) {
            case null -> null;
            case Number n -> {
                BigDecimal d = decimal(n);
                yield d == null ? n : d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(item -> out.add(normalize(item)));
                yield out;
            }
            case Map<?, ?> m -> {
                Map<Object, Object> out = new HashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
                yield out;
            }
            case OffsetDateTime t -> t.toInstant();
            case ZonedDateTime t -> t.toInstant();
            case byte[] b -> ByteBuffer.wrap(b);
            default -> value;
        };
    }
}
