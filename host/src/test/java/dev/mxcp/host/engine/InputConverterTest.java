package dev.mxcp.host.engine;

import static dev.mxcp.host.endpoint.TypeSpecs.params;
import static dev.mxcp.host.endpoint.TypeSpecs.type;
import static dev.mxcp.host.engine.InputFixture.args;
import static dev.mxcp.host.engine.InputFixture.convert;
import static dev.mxcp.host.engine.InputFixture.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.endpoint.TypeSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameters as a whole, arrays, objects and enums. */
class InputConverterTest {

    // ---- parameters -----------------------------------------------------------------------------------

    @Test
    void unknownParameterIsRejected() {
        assertThatThrownBy(() -> InputConverter.convert(params("[{\"name\": \"a\", \"type\": \"string\"}]"),
                args("a", "x", "b", 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Unknown parameter: b");
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
    void numberIsNotAnObject() {
        rejects("{\"type\": \"object\"}", 5)
                .hasMessage("Invalid value for parameter 'p': expected object, got integer 5");
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
