package dev.mxcp.host.engine;

import static dev.mxcp.host.engine.InputFixture.convert;
import static dev.mxcp.host.engine.InputFixture.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Strings and their formats, numbers, integers and booleans. */
class InputConverterScalarsTest {

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
    void brokenPatternInTheDefinitionIsReported() {
        rejects("{\"type\": \"string\", \"pattern\": \"([a-z\"}", "abc")
                .hasMessage("Invalid value for parameter 'p': the definition's pattern '([a-z' "
                        + "is not a valid regular expression");
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
}
