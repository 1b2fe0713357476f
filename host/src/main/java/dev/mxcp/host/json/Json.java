package dev.mxcp.host.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the host. Values inside the engine are plain Java objects (String, Boolean,
 * Long/BigInteger, Double/BigDecimal, java.time values, byte[], List, Map); this class turns them into JSON
 * the same way everywhere: temporal values as ISO-8601 strings, decimals exactly, bytes as base64,
 * non-finite doubles as null (JSON has no NaN).
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("mxcp-finite-numbers")
                    .addSerializer(Double.class, new FiniteDoubleSerializer())
                    .addSerializer(double.class, new FiniteDoubleSerializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** Compact JSON text of a Java value. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Indented as Python's {@code json.dumps(value, indent=2)} indents (MXCP prints its JSON that way), so that a
     * script that greps MXCP's output for {@code "status": "ok"} reads ours too.
     */
    private static final ObjectWriter PRETTY = MAPPER.writer(pythonIndented());

    private static DefaultPrettyPrinter pythonIndented() {
        DefaultIndenter twoSpaces = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        printer.indentObjectsWith(twoSpaces);
        printer.indentArraysWith(twoSpaces);
        return printer;
    }

    /** Indented JSON text of a Java value, for people. */
    public static String writePretty(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON text; throws {@link JsonProcessingException} with Jackson's location on bad input. */
    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** A JSON tree as plain Java values (Map, List, String, Integer/Long/BigInteger, BigDecimal, Boolean, null). */
    public static Object toJava(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : MAPPER.convertValue(node, Object.class);
    }

    /** A Java value as a JSON tree. */
    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
        FiniteDoubleSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isNaN() || value.isInfinite()) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }
}
