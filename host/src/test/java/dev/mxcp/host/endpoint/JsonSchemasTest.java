package dev.mxcp.host.endpoint;

import static dev.mxcp.host.endpoint.TypeSpecs.params;
import static dev.mxcp.host.endpoint.TypeSpecs.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

    /** Compares as JSON trees, so key order and number spelling (1 vs 1.0 aside) do not matter. */
    private static void assertSchema(ObjectNode actual, String expected) throws JsonProcessingException {
        assertThat(Json.parse(Json.write(actual))).isEqualTo(Json.parse(expected));
    }

    @Test
    void parameterCarriesEnumFormatDefaultPatternAndExamples() throws Exception {
        TypeSpec day = type("""
                {"name": "day", "type": "string", "format": "date", "description": "Day to report",
                 "default": "2024-01-01", "examples": ["2024-02-03"], "enum": ["2024-01-01", "2024-02-03"],
                 "minLength": 10, "maxLength": 10, "pattern": "^2024-"}""");

        assertThat(Json.write(JsonSchemas.schema(day))).isEqualTo("""
                {"type":"string","format":"date","description":"Day to report",\
                "enum":["2024-01-01","2024-02-03"],"default":"2024-01-01","examples":["2024-02-03"],\
                "minLength":10,"maxLength":10,"pattern":"^2024-"}""");
    }

    @Test
    void numberConstraintsAreCopied() throws Exception {
        TypeSpec price = type("""
                {"type": "number", "minimum": 0, "maximum": 100.5, "exclusiveMinimum": -1,
                 "exclusiveMaximum": 101, "multipleOf": 0.25, "examples": [1.5, 2]}""");

        assertSchema(JsonSchemas.schema(price), """
                {"type": "number", "examples": [1.5, 2], "minimum": 0, "maximum": 100.5, "exclusiveMinimum": -1,
                 "exclusiveMaximum": 101, "multipleOf": 0.25}""");
    }

    @Test
    void nestedArrayOfObjectsIsConvertedRecursively() throws Exception {
        TypeSpec orders = type("""
                {"type": "array", "minItems": 1, "maxItems": 10, "uniqueItems": true,
                 "items": {"type": "object", "required": ["id"], "additionalProperties": false,
                           "properties": {"id": {"type": "integer", "minimum": 1},
                                          "tags": {"type": "array", "items": {"type": "string", "format": "email"}}}}}""");

        assertSchema(JsonSchemas.schema(orders), """
                {"type": "array", "minItems": 1, "maxItems": 10, "uniqueItems": true,
                 "items": {"type": "object", "required": ["id"], "additionalProperties": false,
                           "properties": {"id": {"type": "integer", "minimum": 1},
                                          "tags": {"type": "array", "items": {"type": "string", "format": "email"}}}}}""");
    }

    @Test
    void inputSchemaRequiresParametersWithoutDefault() throws Exception {
        List<TypeSpec> parameters = params("""
                [{"name": "city", "type": "string"},
                 {"name": "limit", "type": "integer", "default": 10},
                 {"name": "country", "type": "string"}]""");

        assertThat(Json.write(JsonSchemas.inputSchema(parameters))).isEqualTo("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":\
                {"city":{"type":"string"},"limit":{"type":"integer","default":10},"country":{"type":"string"}},\
                "required":["city","country"],"additionalProperties":false}""");
    }

    @Test
    void inputSchemaWithoutParametersIsAnEmptyClosedObject() throws Exception {
        assertSchema(JsonSchemas.inputSchema(List.of()), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {},
                 "additionalProperties": false}""");
    }

    @Test
    void nullDefaultMakesTypeAndEnumNullable() throws Exception {
        TypeSpec status = type("""
                {"name": "status", "type": "string", "enum": ["open", "closed"], "default": null}""");

        assertSchema(JsonSchemas.schema(status), """
                {"type": ["string", "null"], "enum": ["open", "closed", null], "default": null}""");
    }

    @Test
    void sensitiveTypeHidesDefaultAndExamplesDownToNestedFields() throws Exception {
        TypeSpec credentials = type("""
                {"type": "object", "sensitive": true, "default": {"token": "s3cret"},
                 "properties": {"token": {"type": "string", "examples": ["abc123"], "minLength": 6}}}""");

        assertSchema(JsonSchemas.schema(credentials), """
                {"type": "object", "properties": {"token": {"type": "string", "minLength": 6}}}""");
    }

    @Test
    void timestampInputIsEpochSecondsNumber() throws Exception {
        TypeSpec since = type("""
                {"type": "string", "format": "timestamp", "description": "Seconds since 1970"}""");

        assertSchema(JsonSchemas.schema(since), """
                {"type": "number", "description": "Seconds since 1970"}""");
    }

    @Test
    void stringFormatsMapToJsonSchemaFormats() {
        List<String> formats = List.of("email", "uri", "date", "time", "date-time", "duration").stream()
                .map(f -> JsonSchemas.schema(type("{\"type\": \"string\", \"format\": \"" + f + "\"}"))
                        .get("format").asText())
                .toList();

        assertThat(formats).containsExactly("email", "uri", "date", "time", "date-time", "duration");
    }

    @Test
    void formatOnNonStringTypeIsNotAdvertised() throws Exception {
        assertSchema(JsonSchemas.schema(type("""
                {"type": "integer", "format": "timestamp"}""")), """
                {"type": "integer"}""");
    }

    @Test
    void objectReturnIsTheOutputSchemaWithNullableFields() throws Exception {
        TypeSpec returns = type("""
                {"type": "object", "description": "A user", "required": ["id"],
                 "properties": {"id": {"type": "integer"},
                                "email": {"type": "string", "format": "email"},
                                "seen": {"type": "string", "format": "date-time"},
                                "role": {"type": "string", "enum": ["admin", "user"]}}}""");

        assertThat(JsonSchemas.wrapsOutput(returns)).isFalse();
        assertSchema(JsonSchemas.outputSchema(returns), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "description": "A user", "required": ["id"],
                 "properties": {"id": {"type": ["integer", "null"]},
                                "email": {"type": ["string", "null"], "format": "email"},
                                "seen": {"type": ["string", "null"]},
                                "role": {"type": ["string", "null"], "enum": ["admin", "user", null]}}}""");
    }

    @Test
    void scalarReturnIsWrappedAsResult() throws Exception {
        TypeSpec returns = type("""
                {"type": "integer", "description": "How many", "minimum": 0}""");

        assertThat(JsonSchemas.wrapsOutput(returns)).isTrue();
        assertSchema(JsonSchemas.outputSchema(returns), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "properties": {"result": {"type": ["integer", "null"], "description": "How many", "minimum": 0}},
                 "required": ["result"]}""");
    }

    @Test
    void arrayReturnIsWrappedWithNullableItems() throws Exception {
        TypeSpec returns = type("""
                {"type": "array", "items": {"type": "object", "properties": {"n": {"type": "number"}}}}""");

        assertThat(JsonSchemas.wrapsOutput(returns)).isTrue();
        assertSchema(JsonSchemas.outputSchema(returns), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "properties": {"result": {"type": ["array", "null"],
                     "items": {"type": ["object", "null"], "properties": {"n": {"type": ["number", "null"]}}}}},
                 "required": ["result"]}""");
    }

    @Test
    void timestampOutputIsIsoText() throws Exception {
        assertSchema(JsonSchemas.outputSchema(type("""
                {"type": "string", "format": "timestamp"}""")), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "properties": {"result": {"type": ["string", "null"]}}, "required": ["result"]}""");
    }

    @Test
    void outputSchemaNeedsAReturnType() {
        assertThatNullPointerException().isThrownBy(() -> JsonSchemas.outputSchema(null));
    }
}
