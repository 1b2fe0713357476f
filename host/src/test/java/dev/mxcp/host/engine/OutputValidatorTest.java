package dev.mxcp.host.engine;

import static dev.mxcp.host.endpoint.TypeSpecs.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class OutputValidatorTest {

    private static void accepts(String typeJson, Object value) {
        assertThatCode(() -> OutputValidator.validate(type(typeJson), value)).doesNotThrowAnyException();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(String typeJson, Object value) {
        return assertThatThrownBy(() -> OutputValidator.validate(type(typeJson), value))
                .isInstanceOf(InvalidOutputException.class);
    }

    @Test
    void withoutReturnTypeAnythingGoes() {
        assertThatCode(() -> OutputValidator.validate(null, List.of("x", 1))).doesNotThrowAnyException();
    }

    @Test
    void nullIsAcceptedForAnyType() {
        accepts("{\"type\": \"integer\", \"minimum\": 1}", null);
    }

    @Test
    void nullIsAcceptedForRequiredProperty() {
        Map<String, Object> row = new HashMap<>();
        row.put("id", null);

        accepts("{\"type\": \"object\", \"required\": [\"id\"], \"properties\": {\"id\": {\"type\": \"integer\"}}}", row);
    }

    @Test
    void wrongTypeDeepInsideNamesThePath() {
        List<Map<String, Object>> rows = List.of(Map.of("price", 1), Map.of("price", 2.5), Map.of("price", 3),
                Map.of("price", "abc"));

        rejects("""
                {"type": "array", "items": {"type": "object", "properties": {"price": {"type": "number"}}}}""", rows)
                .hasMessage("Return value result[3].price: expected number, got string 'abc'")
                .isInstanceOfSatisfying(InvalidOutputException.class,
                        e -> assertThat(e.path()).isEqualTo("result[3].price"));
    }

    @Test
    void stringAcceptsDateTimeAndUuidValues() {
        accepts("{\"type\": \"array\", \"items\": {\"type\": \"string\"}}", List.of(LocalDate.of(2024, 1, 31),
                OffsetDateTime.of(2024, 1, 31, 12, 0, 0, 0, ZoneOffset.UTC), UUID.randomUUID(), "text"));
    }

    @Test
    void numberIsNotAString() {
        rejects("{\"type\": \"string\"}", 42).hasMessage("Return value result: expected string, got integer 42");
    }

    @Test
    void booleanIsNotANumber() {
        rejects("{\"type\": \"number\"}", true).hasMessage("Return value result: expected number, got boolean true");
    }

    @Test
    void nanIsAcceptedAsNumber() {
        accepts("{\"type\": \"number\", \"minimum\": 0}", Double.NaN);
    }

    @Test
    void integerAcceptsWholeValuesOfAnyNumberType() {
        accepts("{\"type\": \"array\", \"items\": {\"type\": \"integer\"}}",
                List.of(1, 2L, new BigDecimal("3.0"), 4.0d, new BigInteger("170141183460469231731687303715884105727")));
    }

    @Test
    void fractionIsNotAnInteger() {
        rejects("{\"type\": \"integer\"}", 1.5).hasMessage("Return value result: expected integer, got number 1.5");
    }

    @Test
    void textIsNotABoolean() {
        rejects("{\"type\": \"boolean\"}", "true").hasMessage("Return value result: expected boolean, got string 'true'");
    }

    @Test
    void emailFormatIsChecked() {
        rejects("{\"type\": \"string\", \"format\": \"email\"}", "nobody")
                .hasMessage("Return value result: expected an email address, got 'nobody'");
    }

    @Test
    void uriFormatIsChecked() {
        rejects("{\"type\": \"string\", \"format\": \"uri\"}", "not a uri")
                .hasMessage("Return value result: expected an absolute URI, got 'not a uri'");
    }

    @Test
    void durationFormatIsChecked() {
        rejects("{\"type\": \"string\", \"format\": \"duration\"}", "3 days")
                .hasMessage("Return value result: expected an ISO-8601 duration such as P1DT12H, got '3 days'");
    }

    @Test
    void dateFormatIsNotReparsed() {
        accepts("{\"type\": \"string\", \"format\": \"date\"}", "sometime");
    }

    @Test
    void tooLongStringIsRejected() {
        rejects("{\"type\": \"string\", \"maxLength\": 3}", "abcd")
                .hasMessage("Return value result: expected at most 3 characters, got 4");
    }

    @Test
    void patternIsChecked() {
        rejects("{\"type\": \"string\", \"pattern\": \"^[a-z]+$\"}", "ABC")
                .hasMessage("Return value result: expected text matching pattern '^[a-z]+$', got 'ABC'");
    }

    @Test
    void numberBelowMinimumIsRejected() {
        rejects("{\"type\": \"number\", \"minimum\": 0}", -1.5)
                .hasMessage("Return value result: expected a value >= 0, got -1.5");
    }

    @Test
    void numberAboveExclusiveMaximumIsRejected() {
        rejects("{\"type\": \"integer\", \"exclusiveMaximum\": 10}", 10)
                .hasMessage("Return value result: expected a value < 10, got 10");
    }

    @Test
    void numberNotAMultipleIsRejected() {
        rejects("{\"type\": \"number\", \"multipleOf\": 0.5}", 0.7)
                .hasMessage("Return value result: expected a multiple of 0.5, got 0.7");
    }

    @Test
    void mapIsNotAnArray() {
        rejects("{\"type\": \"array\"}", Map.of("a", 1)).hasMessage("Return value result: expected array, got object {\"a\":1}");
    }

    @Test
    void largeResultIsSummarisedNotPrinted() {
        rejects("{\"type\": \"object\"}", Collections.nCopies(1000, 1))
                .hasMessage("Return value result: expected object, got array (1000 items)");
    }

    @Test
    void tooFewItemsAreRejected() {
        rejects("{\"type\": \"array\", \"minItems\": 1}", List.of())
                .hasMessage("Return value result: expected at least 1 items, got 0");
    }

    @Test
    void tooManyItemsAreRejected() {
        rejects("{\"type\": \"array\", \"maxItems\": 1}", List.of(1, 2))
                .hasMessage("Return value result: expected at most 1 items, got 2");
    }

    @Test
    void duplicateItemsAreRejected() {
        rejects("{\"type\": \"array\", \"uniqueItems\": true}", List.of(1, 2L, 1.0))
                .hasMessage("Return value result: expected unique items, got 1.0 more than once");
    }

    @Test
    void missingRequiredPropertyIsRejected() {
        rejects("{\"type\": \"object\", \"required\": [\"id\"]}", Map.of("name", "x"))
                .hasMessage("Return value result: missing required property 'id'");
    }

    @Test
    void undeclaredPropertyIsRejectedWhenClosed() {
        rejects("""
                {"type": "array", "items": {"type": "object", "additionalProperties": false,
                                            "properties": {"id": {"type": "integer"}}}}""",
                List.of(Map.of("id", 1, "secret", "x")))
                .hasMessage("Return value result[0]: unexpected property 'secret'");
    }

    @Test
    void undeclaredPropertyIsAcceptedByDefault() {
        accepts("{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"integer\"}}}", Map.of("id", 1, "x", 2));
    }

    @Test
    void valueOutsideEnumIsRejected() {
        rejects("{\"type\": \"string\", \"enum\": [\"open\", \"closed\"]}", "lost")
                .hasMessage("Return value result: expected one of [open, closed], got 'lost'");
    }

    @Test
    void enumMatchesDateValuesAsSerialised() {
        accepts("{\"type\": \"string\", \"enum\": [\"2024-01-31\"]}", LocalDate.of(2024, 1, 31));
    }

    @Test
    void enumComparesNumbersByValue() {
        accepts("{\"type\": \"integer\", \"enum\": [1, 2]}", new BigDecimal("2.00"));
    }

    @Test
    void sensitiveValueIsNotEchoed() {
        rejects("{\"type\": \"object\", \"properties\": {\"token\": {\"type\": \"string\", \"sensitive\": true}}}",
                Map.of("token", Arrays.asList("sk-123")))
                .hasMessage("Return value result.token: expected string, got array (sensitive value hidden)");
    }
}
