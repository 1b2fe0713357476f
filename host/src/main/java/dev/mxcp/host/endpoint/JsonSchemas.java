package dev.mxcp.host.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.json.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * JSON Schema (draft 2020-12) for MCP's {@code inputSchema} and {@code outputSchema}, from {@link TypeSpec}s.
 *
 * <p>Unlike MXCP (issue #113) the schemas carry {@code enum}, {@code format}, {@code default} and every
 * constraint, since the engine enforces them all. Choices where MXCP's types and JSON Schema differ:
 * <ul>
 *   <li>{@code format: timestamp} has no JSON Schema counterpart. Inputs are seconds since the epoch, so
 *       an input schema says {@code "type": "number"}; results are written as ISO-8601 text, so an output
 *       schema says {@code "type": "string"}, without a format.</li>
 *   <li>{@code sensitive} has no counterpart either ({@code writeOnly} means "never returned", which is
 *       wrong for outputs that policies may mask or not). It is left out, and so are the {@code default}
 *       and {@code examples} of a sensitive type, which may be real secrets.</li>
 *   <li>Nullability: an input is nullable when its default is null; every output value is nullable (the
 *       output validator accepts SQL NULLs anywhere), except the top-level object MCP requires.</li>
 *   <li>Output schemas advertise only formats the output validator checks (email, uri, duration): clients
 *       validate {@code structuredContent}, and local date-times are not RFC 3339 "date-time"s.</li>
 * </ul>
 */
public final class JsonSchemas {

    /** The {@code $schema} of every top-level schema made here. */
    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Input and output schemas differ for timestamps, formats and nullability. */
    private enum Direction { INPUT, OUTPUT }

    private JsonSchemas() {
    }

    /**
     * An endpoint's {@code inputSchema}: an object with one property per parameter, {@code required} listing
     * those without a default (left out when empty), and {@code "additionalProperties": false} because the
     * engine rejects unknown parameters; it is also the shape MCP suggests for a tool without parameters.
     */
    public static ObjectNode inputSchema(List<TypeSpec> parameters) {
        ObjectNode root = NODES.objectNode();
        root.put("$schema", DIALECT);
        root.put("type", "object");
        ObjectNode properties = root.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (TypeSpec parameter : parameters) {
            properties.set(parameter.name(), schema(parameter));
            if (!parameter.hasDefault()) {
                required.add(parameter.name());
            }
        }
        if (!required.isEmpty()) {
            root.set("required", required);
        }
        root.put("additionalProperties", false);
        return root;
    }

    /** The schema of one parameter (or any input type), recursively; without {@code $schema}. */
    public static ObjectNode schema(TypeSpec type) {
        return schema(type, Direction.INPUT, isNull(type.defaultValue()), false);
    }

    /**
     * An endpoint's {@code outputSchema}. MCP requires an object schema: an {@code object} return is used as
     * is, any other is wrapped as {@code {"result": <schema>}} (as FastMCP does), and the structured result
     * must then be wrapped the same way; see {@link #wrapsOutput}.
     *
     * @param returns the declared return type; endpoints without one have no output schema
     */
    public static ObjectNode outputSchema(TypeSpec returns) {
        Objects.requireNonNull(returns, "returns");
        ObjectNode root = NODES.objectNode();
        root.put("$schema", DIALECT);
        if (!wrapsOutput(returns)) {
            return root.setAll(schema(returns, Direction.OUTPUT, false, false));
        }
        root.put("type", "object");
        root.putObject("properties").set("result", schema(returns, Direction.OUTPUT, true, false));
        root.putArray("required").add("result");
        return root;
    }

    /** Whether the structured result is {@code {"result": value}} rather than the value: non-object returns. */
    public static boolean wrapsOutput(TypeSpec returns) {
        return returns.type() != TypeSpec.DataType.OBJECT;
    }

    private static ObjectNode schema(TypeSpec type, Direction direction, boolean nullable, boolean hidden) {
        boolean secret = hidden || type.sensitive();
        ObjectNode node = NODES.objectNode();
        if (type.type() != null) {
            String name = isTimestamp(type) && direction == Direction.INPUT ? "number" : type.type().yamlName();
            node.set("type", nullable ? NODES.arrayNode().add(name).add("null") : NODES.textNode(name));
        }
        String format = format(type, direction);
        if (format != null) {
            node.put("format", format);
        }
        if (type.description() != null) {
            node.put("description", type.description());
        }
        if (type.enumValues() != null && !type.enumValues().isEmpty()) {
            ArrayNode values = (ArrayNode) Json.toTree(type.enumValues());
            // Otherwise null, though the type allows it, would fail the enum.
            if (nullable && type.enumValues().stream().noneMatch(Objects::isNull)) {
                values.addNull();
            }
            node.set("enum", values);
        }
        if (type.defaultValue() != null && !secret) {
            node.set("default", type.defaultValue().deepCopy());
        }
        if (!type.examples().isEmpty() && !secret) {
            node.set("examples", Json.toTree(type.examples()));
        }
        putIfSet(node, "minLength", type.minLength());
        putIfSet(node, "maxLength", type.maxLength());
        if (type.pattern() != null) {
            node.put("pattern", type.pattern());
        }
        putIfSet(node, "minimum", type.minimum());
        putIfSet(node, "maximum", type.maximum());
        putIfSet(node, "exclusiveMinimum", type.exclusiveMinimum());
        putIfSet(node, "exclusiveMaximum", type.exclusiveMaximum());
        putIfSet(node, "multipleOf", type.multipleOf());
        putIfSet(node, "minItems", type.minItems());
        putIfSet(node, "maxItems", type.maxItems());
        if (type.uniqueItems() != null) {
            node.put("uniqueItems", type.uniqueItems());
        }
        if (type.items() != null) {
            node.set("items", child(type.items(), direction, secret));
        }
        if (!type.properties().isEmpty()) {
            ObjectNode properties = node.putObject("properties");
            for (Map.Entry<String, TypeSpec> property : type.properties().entrySet()) {
                properties.set(property.getKey(), child(property.getValue(), direction, secret));
            }
        }
        if (!type.required().isEmpty()) {
            ArrayNode required = node.putArray("required");
            type.required().forEach(required::add);
        }
        if (type.additionalProperties() != null) {
            node.put("additionalProperties", type.additionalProperties());
        }
        return node;
    }

    private static ObjectNode child(TypeSpec type, Direction direction, boolean hidden) {
        boolean nullable = switch (direction) {
            case INPUT -> isNull(type.defaultValue());
            case OUTPUT -> true;
        };
        return schema(type, direction, nullable, hidden);
    }

    /** JSON Schema's name for a string format, or null when it has none to offer in this direction. */
    private static String format(TypeSpec type, Direction direction) {
        if (type.format() == null || type.type() != TypeSpec.DataType.STRING) {
            return null; // formats only constrain strings; MXCP ignores them on other types too
        }
        return switch (type.format()) {
            case EMAIL, URI, DURATION -> type.format().yamlName();
            case DATE, TIME, DATE_TIME -> direction == Direction.INPUT ? type.format().yamlName() : null;
            case TIMESTAMP -> null;
        };
    }

    private static boolean isTimestamp(TypeSpec type) {
        return type.type() == TypeSpec.DataType.STRING && type.format() == TypeSpec.Format.TIMESTAMP;
    }

    private static boolean isNull(JsonNode node) {
        return node != null && node.isNull();
    }

    private static void putIfSet(ObjectNode node, String key, Integer value) {
        if (value != null) {
            node.put(key, value);
        }
    }

    private static void putIfSet(ObjectNode node, String key, BigDecimal value) {
        if (value != null) {
            node.put(key, value);
        }
    }
}
