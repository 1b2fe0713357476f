package dev.mxcp.host.engine;

import dev.mxcp.host.endpoint.TypeSpec;
import dev.mxcp.host.json.Json;
import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Checks an endpoint's (shaped) result against its declared {@code return} type, before it is serialised.
 *
 * <p>Null is accepted anywhere, as SQL NULLs are ordinary results. A {@code string} accepts text and
 * anything that serialises to a JSON string (date/time values, UUIDs, bytes); {@code number} and
 * {@code integer} accept any Java number but not booleans, and {@code integer} only whole values. Checked:
 * formats email, uri and duration; min/maxLength and pattern; minimum/maximum, exclusive bounds and
 * multipleOf; enum; min/maxItems and uniqueItems; required properties, declared properties, and no
 * undeclared ones under {@code additionalProperties: false}.
 *
 * <p>MXCP checks fewer of these on output, but clients validate {@code structuredContent} against the
 * advertised output schema: a breach is better reported here, with a path, than rejected by the client.
 */
public final class OutputValidator {

    private OutputValidator() {
    }

    /**
     * Checks a result against the declared return type.
     *
     * @param returns the declared return type; null means nothing to check
     * @param value the result after {@link ResultShaper#shape}
     * @throws InvalidOutputException naming the path of the first offending value
     */
    public static void validate(TypeSpec returns, Object value) {
        if (returns == null) {
            return;
        }
        try {
            check(returns, value, "result", false);
        } catch (Violation v) {
            throw new InvalidOutputException(v.path, "Return value " + v.path + ": " + v.detail);
        }
    }

    private static void check(TypeSpec spec, Object value, String path, boolean hidden) {
        boolean secret = hidden || spec.sensitive();
        if (value == null || spec.type() == null) {
            return;
        }
        switch (spec.type()) {
            case STRING -> {
                requireType(isStringLike(value), spec, value, path, secret);
                if (value instanceof String text) {
                    checkFormat(spec, text, path, secret);
                    Values.checkText(spec, text, path, secret);
                }
            }
            case NUMBER -> {
                requireType(value instanceof Number, spec, value, path, secret);
                BigDecimal number = Values.decimal((Number) value);
                if (number != null) { // NaN and infinities are written as null, which is valid
                    Values.checkNumber(spec, number, value, path, secret);
                }
            }
            case INTEGER -> {
                BigDecimal number = value instanceof Number n ? Values.decimal(n) : null;
                requireType(number != null && Values.isIntegral(number), spec, value, path, secret);
                Values.checkNumber(spec, number, value, path, secret);
            }
            case BOOLEAN -> requireType(value instanceof Boolean, spec, value, path, secret);
            case ARRAY -> {
                requireType(value instanceof List, spec, value, path, secret);
                List<?> items = (List<?>) value;
                Values.checkItemCount(spec, items.size(), path);
                Values.checkUnique(spec, items, path, secret);
                if (spec.items() != null) {
                    for (int i = 0; i < items.size(); i++) {
                        check(spec.items(), items.get(i), path + "[" + i + "]", secret);
                    }
                }
            }
            case OBJECT -> {
                requireType(value instanceof Map, spec, value, path, secret);
                checkObject(spec, (Map<?, ?>) value, path, secret);
            }
        }
        checkEnum(spec, value, path, secret);
    }

    private static void requireType(boolean ok, TypeSpec spec, Object value, String path, boolean hidden) {
        if (!ok) {
            throw new Violation(path, "expected " + Values.typeName(spec) + ", got " + Values.describe(value, hidden));
        }
    }

    /** Whatever Jackson writes as a JSON string: the output schema says "string" for these. */
    private static boolean isStringLike(Object value) {
        return value instanceof CharSequence || value instanceof TemporalAccessor || value instanceof UUID
                || value instanceof byte[];
    }

    /** Only the formats the output schema advertises; date/time results are not re-parsed. */
    private static void checkFormat(TypeSpec spec, String text, String path, boolean hidden) {
        if (spec.format() == null) {
            return;
        }
        String got = ", got " + Values.repr(text, hidden);
        switch (spec.format()) {
            case EMAIL -> {
                if (!Values.isEmail(text)) {
                    throw new Violation(path, "expected an email address" + got);
                }
            }
            case URI -> {
                if (!Values.isUri(text)) {
                    throw new Violation(path, "expected an absolute URI" + got);
                }
            }
            case DURATION -> {
                if (!Values.isDuration(text)) {
                    throw new Violation(path, "expected an ISO-8601 duration such as P1DT12H" + got);
                }
            }
            case DATE, TIME, DATE_TIME, TIMESTAMP -> {
            }
        }
    }

    private static void checkObject(TypeSpec spec, Map<?, ?> map, String path, boolean hidden) {
        for (String key : spec.required()) {
            if (!map.containsKey(key)) {
                throw new Violation(path, "missing required property '" + key + "'");
            }
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            TypeSpec property = spec.properties().get(key);
            if (property != null) {
                check(property, entry.getValue(), path + "." + key, hidden);
            } else if (Boolean.FALSE.equals(spec.additionalProperties())) {
                throw new Violation(path, "unexpected property '" + key + "'");
            }
        }
    }

    /** Compared as serialised: a LocalDate result matches the enum entry "2024-01-31". */
    private static void checkEnum(TypeSpec spec, Object value, String path, boolean hidden) {
        List<Object> allowed = spec.enumValues();
        if (allowed == null || allowed.isEmpty()) {
            return;
        }
        Object actual = Values.normalize(switch (value) {
            case CharSequence text -> text.toString();
            case Object other when isStringLike(other) -> Json.toTree(other).asText();
            default -> value;
        });
        for (Object candidate : allowed) {
            if (actual.equals(Values.normalize(candidate))) {
                return;
            }
        }
        throw new Violation(path, "expected one of " + Values.list(allowed) + ", got " + Values.repr(value, hidden));
    }
}
