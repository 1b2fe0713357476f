package dev.mxcp.host.engine;

import static dev.mxcp.host.endpoint.TypeSpecs.params;
import static dev.mxcp.host.endpoint.TypeSpecs.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.endpoint.TypeSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class InputConverterTest {

    /** Converts {@code raw} as the value of a parameter {@code p} of the given type (JSON without a name). */
    private static Object convert(String typeJson, Object raw) {
        TypeSpec p = type("{\"name\": \"p\", " + typeJson.strip().substring(1));
        return InputConverter.convert(List.of(p), args("p", raw)).get("p");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(String typeJson, Object raw) {
        return assertThatThrownBy(() -> convert(typeJson, raw)).isInstanceOf(InvalidInputException.class);
    }

    /** Arguments as a JSON client sends them; unlike Map.of, values may be null. */
    private static Map<String, Object> args(Object... keysAndValues) {
        Map<String, Object> args = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            args.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return args;
    }

    // ---- parameters -----------------------------------------------------------------------------------

    @Test
    void unknownParameterIsRejected() {
        assertThatThrownBy(() -> InputConverter.convert(params("[{\"name\": \"a\", \"type\": \"string\"}]"),
                args("a", "x", "b", 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Unknown parameter 'b'");
    }

    @Test
    void missingRequiredParameterIsRejected() {
        assertThatThrownBy(() -> InputConverter.convert(params("[{\"name\": \"city\", \"type\": \"string\"}]"),
                Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Required parameter missing: city");
    }

    @Test
    void nullArgumentsMeanNone() {
        assertThat(InputConverter.convert(params("[{\"name\": \"n\", \"type\": \"integer\", \"default\": 3}]"), null))
                .containsExactly(Map.entry("n", 3L));
    }

    @Test
    void absentParameterGetsItsDefaultConverted() {
        var converted = InputConverter.convert(params("""
                [{"name": "day", "type": "string", "format": "date", "default": "2024-01-31"}]"""), Map.of());

        assertThat(converted).containsExactly(Map.entry("day", LocalDate.of(2024, 1, 31)));
    }

    @Test
    void nullForOptionalParameterMeansItsDefault() {
        var converted = InputConverter.convert(params("""
                [{"name": "limit", "type": "integer", "default": 10}]"""), args("limit", null));

        assertThat(converted).containsExactly(Map.entry("limit", 10L));
    }

    @Test
    void nullDefaultGivesNull() {
        var converted = InputConverter.convert(params("""
                [{"name": "status", "type": "string", "default": null}]"""), Map.of());

        assertThat(converted).containsEntry("status", null).hasSize(1);
    }

    @Test
    void nullForRequiredParameterIsRejected() {
        assertThatThrownBy(() -> InputConverter.convert(params("[{\"name\": \"city\", \"type\": \"string\"}]"),
                args("city", null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid value for parameter 'city': expected string, got null");
    }

    @Test
    void invalidDefaultIsBlamedOnTheDefinition() {
        assertThatThrownBy(() -> InputConverter.convert(params("""
                [{"name": "n", "type": "integer", "default": "many"}]"""), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid default for parameter 'n': expected integer, got string 'many'");
    }

    @Test
    void resultFollowsDeclarationOrder() {
        var converted = InputConverter.convert(params("""
                [{"name": "a", "type": "integer"}, {"name": "b", "type": "integer"}, {"name": "c", "type": "integer"}]"""),
                args("c", 3, "a", 1, "b", 2));

        assertThat(converted.keySet()).containsExactly("a", "b", "c");
    }

    @Test
    void exceptionNamesTheParameterPath() {
        assertThatThrownBy(() -> convert("""
                {"type": "array", "items": {"type": "integer"}}""", List.of(1, "x")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.parameter()).isEqualTo("p[1]"));
    }

    // ---- strings ---------------------------------------------------------------------------------------

    @Test
    void stringKeepsText() {
        assertThat(convert("{\"type\": \"string\"}", "hello")).isEqualTo("hello");
    }

    @Test
    void wrongScalarsBecomeStrings() {
        assertThat(List.of(convert("{\"type\": \"string\"}", 42), convert("{\"type\": \"string\"}", new BigDecimal("1.50")),
                convert("{\"type\": \"string\"}", 2.5d), convert("{\"type\": \"string\"}", true)))
                .containsExactly("42", "1.50", "2.5", "true");
    }

    @Test
    void arrayIsNotAString() {
        rejects("{\"type\": \"string\"}", List.of(1, 2))
                .hasMessage("Invalid value for parameter 'p': expected string, got array [1,2]");
    }

    @Test
    void stringShorterThanMinLengthIsRejected() {
        rejects("{\"type\": \"string\", \"minLength\": 3}", "ab")
                .hasMessage("Invalid value for parameter 'p': expected at least 3 characters, got 2");
    }

    @Test
    void stringLongerThanMaxLengthIsRejected() {
        rejects("{\"type\": \"string\", \"maxLength\": 3}", "abcd")
                .hasMessage("Invalid value for parameter 'p': expected at most 3 characters, got 4");
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        assertThat(convert("{\"type\": \"string\", \"maxLength\": 2}", "😀😀")).isEqualTo("😀😀");
    }

    @Test
    void patternMatchesAnywhereLikeJsonSchema() {
        assertThat(convert("{\"type\": \"string\", \"pattern\": \"[0-9]\"}", "ab3c")).isEqualTo("ab3c");
    }

    @Test
    void textNotMatchingPatternIsRejected() {
        rejects("{\"type\": \"string\", \"pattern\": \"^[A-Z]{3}$\"}", "usd")
                .hasMessage("Invalid value for parameter 'p': expected text matching pattern '^[A-Z]{3}$', got 'usd'");
    }

    @Test
    void sensitiveValueIsNotEchoed() {
        rejects("{\"type\": \"string\", \"sensitive\": true, \"pattern\": \"^sk-\"}", "hunter2")
                .hasMessage("Invalid value for parameter 'p': expected text matching pattern '^sk-', "
                        + "got (sensitive value hidden)");
    }

    @Test
    void dateBecomesLocalDate() {
        assertThat(convert("{\"type\": \"string\", \"format\": \"date\"}", "2024-02-29"))
                .isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void impossibleDateIsRejected() {
        rejects("{\"type\": \"string\", \"format\": \"date\"}", "2023-02-29")
                .hasMessage("Invalid value for parameter 'p': expected a date (YYYY-MM-DD), got '2023-02-29'");
    }

    @Test
    void timeBecomesLocalTime() {
        assertThat(convert("{\"type\": \"string\", \"format\": \"time\"}", "13:45:30"))
                .isEqualTo(LocalTime.of(13, 45, 30));
    }

    @Test
    void badTimeIsRejected() {
        rejects("{\"type\": \"string\", \"format\": \"time\"}", "25:00")
                .hasMessage("Invalid value for parameter 'p': expected a time (HH:MM[:SS]), got '25:00'");
    }

    @Test
    void dateTimeWithOffsetBecomesOffsetDateTime() {
        assertThat(convert("{\"type\": \"string\", \"format\": \"date-time\"}", "2024-01-31T12:00:00Z"))
                .isEqualTo(OffsetDateTime.of(2024, 1, 31, 12, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void dateTimeWithoutOffsetBecomesLocalDateTime() {
        assertThat(convert("{\"type\": \"string\", \"format\": \"date-time\"}", "2024-01-31 12:30"))
                .isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 30));
    }

    @Test
    void dateOnlyDateTimeIsMidnight() {
        assertThat(convert("{\"type\": \"string\", \"format\": \"date-time\"}", "2024-01-31"))
                .isEqualTo(LocalDateTime.of(2024, 1, 31, 0, 0));
    }

    @Test
    void badDateTimeIsRejected() {
        rejects("{\"type\": \"string\", \"format\": \"date-time\"}", "yesterday")
                .hasMessage("Invalid value for parameter 'p': expected an ISO-8601 date-time such as "
                        + "2024-01-31T12:00:00Z, got 'yesterday'");
    }

    @Test
    void timestampFromEpochSecondsIsUtc() {
        assertThat(convert("{\"type\": \"string\", \"format\": \"timestamp\"}", 1706702400))
                .isEqualTo(OffsetDateTime.of(2024, 1, 31, 12, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void timestampFromNumericTextKeepsFraction() {
        assertThat(convert("{\"type\": \"string\", \"format\": \"timestamp\"}", "1706702400.25"))
                .isEqualTo(OffsetDateTime.of(2024, 1, 31, 12, 0, 0, 250_000_000, ZoneOffset.UTC));
    }

    @Test
    void nonNumericTimestampIsRejected() {
        rejects("{\"type\": \"string\", \"format\": \"timestamp\"}", "2024-01-31")
                .hasMessage("Invalid value for parameter 'p': expected a timestamp (seconds since the epoch), "
                        + "got string '2024-01-31'");
    }

    @Test
    void timestampBeyondTimeIsRejected() {
        rejects("{\"type\": \"string\", \"format\": \"timestamp\"}", "1e30")
                .hasMessage("Invalid value for parameter 'p': expected a timestamp (seconds since the epoch), "
                        + "got '1e30' (out of range)");
    }

    @Test
    void emailIsChecked() {
        assertThat(convert("{\"type\": \"string\", \"format\": \"email\"}", "ann.lee+x@example.co.uk"))
                .isEqualTo("ann.lee+x@example.co.uk");
    }

    @Test
    void malformedEmailIsRejected() {
        rejects("{\"type\": \"string\", \"format\": \"email\"}", "ann@localhost")
                .hasMessage("Invalid value for parameter 'p': expected an email address, got 'ann@localhost'");
    }

    @Test
    void absoluteUriIsAccepted() {
        assertThat(convert("{\"type\": \"string\", \"format\": \"uri\"}", "https://example.com/a?b=c"))
                .isEqualTo("https://example.com/a?b=c");
    }

    @Test
    void relativeUriIsRejected() {
        rejects("{\"type\": \"string\", \"format\": \"uri\"}", "/just/a/path")
                .hasMessage("Invalid value for parameter 'p': expected an absolute URI, got '/just/a/path'");
    }

    @Test
    void isoDurationsWithYearsWeeksAndFractionsAreAccepted() {
        assertThat(List.of("P1Y2M3DT4H5M6S", "P2W", "PT0.5S", "P1D").stream()
                .map(d -> convert("{\"type\": \"string\", \"format\": \"duration\"}", d)).toList())
                .containsExactly("P1Y2M3DT4H5M6S", "P2W", "PT0.5S", "P1D");
    }

    @Test
    void emptyDurationIsRejected() {
        rejects("{\"type\": \"string\", \"format\": \"duration\"}", "PT")
                .hasMessage("Invalid value for parameter 'p': expected an ISO-8601 duration such as P1DT12H, got 'PT'");
    }

    @Test
    void lengthAppliesToFormattedText() {
        rejects("{\"type\": \"string\", \"format\": \"date-time\", \"maxLength\": 16}", "2024-01-31T12:00:00Z")
                .hasMessage("Invalid value for parameter 'p': expected at most 16 characters, got 20");
    }

    // ---- numbers ---------------------------------------------------------------------------------------

    @Test
    void numberBecomesDouble() {
        assertThat(List.of(convert("{\"type\": \"number\"}", 3), convert("{\"type\": \"number\"}", new BigDecimal("1.25")),
                convert("{\"type\": \"number\"}", " -0.5 ")))
                .containsExactly(3.0, 1.25, -0.5);
    }

    @Test
    void booleanIsNotANumber() {
        rejects("{\"type\": \"number\"}", true)
                .hasMessage("Invalid value for parameter 'p': expected number, got boolean true");
    }

    @Test
    void nonNumericTextIsNotANumber() {
        rejects("{\"type\": \"number\"}", "NaN")
                .hasMessage("Invalid value for parameter 'p': expected number, got string 'NaN'");
    }

    @Test
    void numberBeyondDoubleIsRejected() {
        rejects("{\"type\": \"number\"}", "1e400")
                .hasMessage("Invalid value for parameter 'p': expected number, got string '1e400' (out of range)");
    }

    @Test
    void numberBelowMinimumIsRejected() {
        rejects("{\"type\": \"number\", \"minimum\": 0}", -0.5)
                .hasMessage("Invalid value for parameter 'p': expected a value >= 0, got -0.5");
    }

    @Test
    void numberAtExclusiveMinimumIsRejected() {
        rejects("{\"type\": \"number\", \"exclusiveMinimum\": 0}", 0)
                .hasMessage("Invalid value for parameter 'p': expected a value > 0, got 0");
    }

    @Test
    void numberAboveMaximumIsRejected() {
        rejects("{\"type\": \"integer\", \"maximum\": 100}", "101")
                .hasMessage("Invalid value for parameter 'p': expected a value <= 100, got '101'");
    }

    @Test
    void numberAtExclusiveMaximumIsRejected() {
        rejects("{\"type\": \"number\", \"exclusiveMaximum\": 1.5}", 1.5)
                .hasMessage("Invalid value for parameter 'p': expected a value < 1.5, got 1.5");
    }

    @Test
    void multipleOfIsExactForDecimals() {
        assertThat(convert("{\"type\": \"number\", \"multipleOf\": 0.1}", 0.3)).isEqualTo(0.3);
    }

    @Test
    void numberNotAMultipleIsRejected() {
        rejects("{\"type\": \"number\", \"multipleOf\": 0.25}", 0.3)
                .hasMessage("Invalid value for parameter 'p': expected a multiple of 0.25, got 0.3");
    }

    @Test
    void integerFromTextAndWholeFloats() {
        assertThat(List.of(convert("{\"type\": \"integer\"}", "42"), convert("{\"type\": \"integer\"}", 2.0),
                convert("{\"type\": \"integer\"}", new BigDecimal("1e3")), convert("{\"type\": \"integer\"}", 7)))
                .containsExactly(42L, 2L, 1000L, 7L);
    }

    @Test
    void fractionalIntegerIsRejectedNotTruncated() {
        rejects("{\"type\": \"integer\"}", new BigDecimal("1.9"))
                .hasMessage("Invalid value for parameter 'p': expected integer, got number 1.9");
    }

    @Test
    void fractionalIntegerTextIsRejected() {
        rejects("{\"type\": \"integer\"}", "1.9")
                .hasMessage("Invalid value for parameter 'p': expected integer, got string '1.9'");
    }

    @Test
    void integerPast64BitsBecomesBigInteger() {
        assertThat(convert("{\"type\": \"integer\"}", "18446744073709551616"))
                .isEqualTo(new BigInteger("18446744073709551616"));
    }

    @Test
    void integerPastHugeintIsRejected() {
        rejects("{\"type\": \"integer\"}", "1e50")
                .hasMessage("Invalid value for parameter 'p': expected integer, got string '1e50' (out of range)");
    }

    @Test
    void booleanIsNotAnInteger() {
        rejects("{\"type\": \"integer\"}", false)
                .hasMessage("Invalid value for parameter 'p': expected integer, got boolean false");
    }

    // ---- booleans --------------------------------------------------------------------------------------

    @Test
    void booleanFromJsonAndText() {
        assertThat(List.of(convert("{\"type\": \"boolean\"}", true), convert("{\"type\": \"boolean\"}", "TRUE"),
                convert("{\"type\": \"boolean\"}", "false")))
                .containsExactly(true, true, false);
    }

    @Test
    void otherTextIsNotABoolean() {
        rejects("{\"type\": \"boolean\"}", "yes")
                .hasMessage("Invalid value for parameter 'p': expected boolean, got string 'yes'");
    }

    @Test
    void numberIsNotABoolean() {
        rejects("{\"type\": \"boolean\"}", 1)
                .hasMessage("Invalid value for parameter 'p': expected boolean, got integer 1");
    }

    // ---- arrays ----------------------------------------------------------------------------------------

    @Test
    void arrayItemsAreConverted() {
        assertThat(convert("{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}", List.of("1", 2.0)))
                .isEqualTo(List.of(1L, 2L));
    }

    @Test
    void arrayFromJsonText() {
        assertThat(convert("{\"type\": \"array\", \"items\": {\"type\": \"string\"}}", "[\"a\", \"b\"]"))
                .isEqualTo(List.of("a", "b"));
    }

    @Test
    void arrayItemsWithoutTypeAreKept() {
        assertThat(convert("{\"type\": \"array\"}", "[1, \"x\", null]"))
                .isEqualTo(Arrays.asList(1, "x", null));
    }

    @Test
    void invalidJsonTextIsNotAnArray() {
        rejects("{\"type\": \"array\"}", "[1, 2")
                .hasMessage("Invalid value for parameter 'p': expected array, got string '[1, 2' (not valid JSON)");
    }

    @Test
    void jsonObjectTextIsNotAnArray() {
        rejects("{\"type\": \"array\"}", "{\"a\": 1}")
                .hasMessage("Invalid value for parameter 'p': expected array, got string '{\"a\": 1}'");
    }

    @Test
    void badItemIsNamedByIndex() {
        rejects("{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}", List.of(1, 2, "three"))
                .hasMessage("Invalid value for parameter 'p[2]': expected integer, got string 'three'");
    }

    @Test
    void nullItemIsRejected() {
        rejects("{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}", Arrays.asList(1, null))
                .hasMessage("Invalid value for parameter 'p[1]': expected integer, got null");
    }

    @Test
    void tooFewItemsAreRejected() {
        rejects("{\"type\": \"array\", \"minItems\": 2}", List.of(1))
                .hasMessage("Invalid value for parameter 'p': expected at least 2 items, got 1");
    }

    @Test
    void tooManyItemsAreRejected() {
        rejects("{\"type\": \"array\", \"maxItems\": 1}", List.of(1, 2))
                .hasMessage("Invalid value for parameter 'p': expected at most 1 items, got 2");
    }

    @Test
    void duplicateItemsCompareByValue() {
        rejects("{\"type\": \"array\", \"uniqueItems\": true, \"items\": {\"type\": \"number\"}}", List.of(1, "1.0"))
                .hasMessage("Invalid value for parameter 'p': expected unique items, got 1.0 more than once");
    }

    // ---- objects ---------------------------------------------------------------------------------------

    @Test
    void objectPropertiesAreConvertedAndExtrasKept() {
        assertThat(convert("""
                {"type": "object", "properties": {"n": {"type": "integer"}}}""", Map.of("n", "5", "extra", true)))
                .isEqualTo(Map.of("n", 5L, "extra", true));
    }

    @Test
    void objectFromJsonText() {
        assertThat(convert("""
                {"type": "object", "properties": {"since": {"type": "string", "format": "date"}}}""",
                "{\"since\": \"2024-01-31\"}"))
                .isEqualTo(Map.of("since", LocalDate.of(2024, 1, 31)));
    }

    @Test
    void missingRequiredPropertyIsRejected() {
        rejects("""
                {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}""", Map.of())
                .hasMessage("Invalid value for parameter 'p': missing required property 'id'");
    }

    @Test
    void unknownPropertyIsRejectedWhenClosed() {
        rejects("""
                {"type": "object", "additionalProperties": false, "properties": {"id": {"type": "integer"}}}""",
                Map.of("id", 1, "name", "x"))
                .hasMessage("Invalid value for parameter 'p': unknown property 'name'");
    }

    @Test
    void missingPropertyGetsItsDefault() {
        assertThat(convert("""
                {"type": "object", "properties": {"limit": {"type": "integer", "default": 10}}}""", Map.of()))
                .isEqualTo(Map.of("limit", 10L));
    }

    @Test
    void optionalPropertyMayBeNull() {
        assertThat(convert("""
                {"type": "object", "properties": {"status": {"type": "string"}}}""", args("status", null)))
                .isEqualTo(args("status", null));
    }

    @Test
    void requiredPropertyMayNotBeNull() {
        rejects("""
                {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}""",
                args("status", null))
                .hasMessage("Invalid value for parameter 'p.status': expected string, got null");
    }

    @Test
    void nestedEnumErrorNamesTheFullPath() {
        TypeSpec filters = type("""
                {"name": "filters", "type": "object",
                 "properties": {"status": {"type": "array", "items": {"type": "string", "enum": ["open", "closed"]}}}}""");

        assertThatThrownBy(() -> InputConverter.convert(List.of(filters),
                Map.of("filters", Map.of("status", List.of("open", "closed", "x")))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Invalid value for parameter 'filters.status[2]': expected one of [open, closed], got 'x'");
    }

    // ---- enums -----------------------------------------------------------------------------------------

    @Test
    void enumComparesAfterConversion() {
        assertThat(convert("{\"type\": \"integer\", \"enum\": [1, 2]}", "2")).isEqualTo(2L);
    }

    @Test
    void enumComparesNumbersByValue() {
        assertThat(convert("{\"type\": \"number\", \"enum\": [1, 2]}", new BigDecimal("2.0"))).isEqualTo(2.0);
    }

    @Test
    void enumComparesFormattedValues() {
        assertThat(convert("{\"type\": \"string\", \"format\": \"date\", \"enum\": [\"2024-01-31\"]}", "2024-01-31"))
                .isEqualTo(LocalDate.of(2024, 1, 31));
    }

    @Test
    void valueOutsideEnumIsRejected() {
        rejects("{\"type\": \"integer\", \"enum\": [1, 2]}", 3)
                .hasMessage("Invalid value for parameter 'p': expected one of [1, 2], got 3");
    }
}
