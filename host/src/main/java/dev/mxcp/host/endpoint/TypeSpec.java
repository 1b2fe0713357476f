package dev.mxcp.host.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One node of MXCP's type system, used for parameters ({@code name} set), return types and nested
 * items/properties. Field names follow the YAML keys.
 *
 * @param defaultValue the {@code default} key as written: {@code null} when absent, a JSON null node when
 *     written as {@code default: null}. Its presence makes a parameter optional.
 */
public record TypeSpec(
        String name,
        DataType type,
        Format format,
        String description,
        @JsonProperty("default") JsonNode defaultValue,
        List<Object> examples,
        @JsonProperty("enum") List<Object> enumValues,
        boolean sensitive,
        Integer minLength,
        Integer maxLength,
        String pattern,
        BigDecimal minimum,
        BigDecimal maximum,
        BigDecimal exclusiveMinimum,
        BigDecimal exclusiveMaximum,
        BigDecimal multipleOf,
        Integer minItems,
        Integer maxItems,
        Boolean uniqueItems,
        TypeSpec items,
        Map<String, TypeSpec> properties,
        List<String> required,
        Boolean additionalProperties) {

    public TypeSpec {
        examples = examples == null ? List.of() : examples;
        required = required == null ? List.of() : List.copyOf(required);
        properties = properties == null ? Map.of() : properties;
    }

    /** A parameter is optional exactly when it declares a default (even {@code default: null}). */
    public boolean hasDefault() {
        return defaultValue != null;
    }

    /** The YAML type names. */
    public enum DataType {
        @JsonProperty("string") STRING,
        @JsonProperty("number") NUMBER,
        @JsonProperty("integer") INTEGER,
        @JsonProperty("boolean") BOOLEAN,
        @JsonProperty("array") ARRAY,
        @JsonProperty("object") OBJECT;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** String formats MXCP understands. */
    public enum Format {
        @JsonProperty("email") EMAIL,
        @JsonProperty("uri") URI,
        @JsonProperty("date") DATE,
        @JsonProperty("time") TIME,
        @JsonProperty("date-time") DATE_TIME,
        @JsonProperty("duration") DURATION,
        @JsonProperty("timestamp") TIMESTAMP;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
