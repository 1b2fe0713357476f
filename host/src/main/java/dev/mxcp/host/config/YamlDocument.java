package dev.mxcp.host.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.mxcp.host.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One parsed YAML file: its plain Java data (YAML 1.1 like PyYAML, so MXCP files mean the same) and its
 * node tree, kept to turn any error found later by key path into {@code file:line:column}.
 */
public final class YamlDocument {

    /** Strict binding: unknown keys and wrong scalar types are errors, never silently coerced. */
    private static final ObjectMapper STRICT = strictMapper();

    private final Path file;
    private final Node root;
    private final Object data;

    private YamlDocument(Path file, Node root, Object data) {
        this.file = file;
        this.root = root;
        this.data = data;
    }

    /** Reads and parses a file; syntax errors and duplicate keys become {@link ConfigException}s. */
    public static YamlDocument read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new Location(file, 0, 0), "", "file not found");
        } catch (IOException e) {
            throw new ConfigException(new Location(file, 0, 0), "", "cannot read file: " + e.getMessage());
        }
        return parse(file, text);
    }

    /** Parses YAML text that came from {@code file}. */
    public static YamlDocument parse(Path file, String text) {
        try {
            Node root = yaml().compose(new java.io.StringReader(text));
            Object data = yaml().load(text);
            return new YamlDocument(file, root, data);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new ConfigException(location(file, mark), "", "invalid YAML: " + oneLine(problem));
        } catch (YAMLException e) {
            throw new ConfigException(new Location(file, 0, 0), "", "invalid YAML: " + oneLine(e.getMessage()));
        }
    }

    public Path file() {
        return file;
    }

    /** The document as plain Java values (Map, List, String, Integer/Long/BigInteger, Double, Boolean, null). */
    public Object data() {
        return data;
    }

    /** Binds (possibly transformed) data of this document into {@code type}, reporting errors at their location. */
    public <T> T bind(Object value, Class<T> type) {
        try {
            return STRICT.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonMappingException mapping) {
                throw error(mapping);
            }
            throw e;
        }
    }

    /** The location of the value at a key path such as {@code ["tool", "parameters", 0]}. */
    public Location locate(List<Object> path) {
        return location(file, find(path, false).getStartMark());
    }

    /** A {@link ConfigException} at the value found by {@code path}. */
    public ConfigException errorAt(List<Object> path, String problem) {
        return new ConfigException(locate(path), dotted(path), problem);
    }

    private ConfigException error(JsonMappingException e) {
        List<Object> path = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            path.add(ref.getFieldName() != null ? ref.getFieldName() : ref.getIndex());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            Location at = location(file, find(path, true).getStartMark());
            return new ConfigException(at, dotted(path), "unknown key" + expected(unknown.getKnownPropertyIds()));
        }
        Node node = find(path, false);
        Location at = location(file, node.getStartMark());
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return new ConfigException(at, dotted(path), oneLine(e.getCause().getMessage()));
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType().isEnum()) {
            return new ConfigException(at, dotted(path), "invalid value " + describe(node)
                    + expected(List.of(enumNames(invalid.getTargetType()))));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new ConfigException(at, dotted(path),
                    "expected " + describeType(mismatch.getTargetType()) + ", got " + describe(node));
        }
        return new ConfigException(at, dotted(path), oneLine(e.getOriginalMessage()));
    }

    /** Walks the node tree along {@code path}; stops at the deepest node found. */
    private Node find(List<Object> path, boolean keyOfLast) {
        Node node = root;
        for (int i = 0; i < path.size() && node != null; i++) {
            Object step = path.get(i);
            boolean last = i == path.size() - 1;
            Node next = null;
            if (node instanceof MappingNode mapping && step instanceof String key) {
                for (NodeTuple tuple : mapping.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                        next = last && keyOfLast ? tuple.getKeyNode() : tuple.getValueNode();
                    }
                }
            } else if (node instanceof SequenceNode sequence && step instanceof Integer index
                    && index >= 0 && index < sequence.getValue().size()) {
                next = sequence.getValue().get(index);
            }
            if (next == null) {
                break;
            }
            node = next;
        }
        return node;
    }

    /** {@code ["tool", "parameters", 0, "type"]} as {@code tool.parameters[0].type}. */
    public static String dotted(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(step);
            }
        }
        return out.toString();
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(16 * 1024 * 1024);
        return new Yaml(new TextTimestamps(options), new org.yaml.snakeyaml.representer.Representer(
                new org.yaml.snakeyaml.DumperOptions()), new org.yaml.snakeyaml.DumperOptions(), options);
    }

    /** YAML 1.1 reads {@code 2024-01-02} as a timestamp; MXCP values are JSON-like, so keep the text. */
    private static final class TextTimestamps extends SafeConstructor {
        TextTimestamps(LoaderOptions options) {
            super(options);
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Absent boolean flags (e.g. a type's 'sensitive') mean false.
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
        for (LogicalType textual : List.of(LogicalType.Textual)) {
            mapper.coercionConfigFor(textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        return mapper;
    }

    private static Location location(Path file, Mark mark) {
        return mark == null ? new Location(file, 0, 0) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static String describe(Node node) {
        if (node instanceof ScalarNode scalar) {
            Tag tag = scalar.getTag();
            String kind = tag.equals(Tag.INT) ? "integer" : tag.equals(Tag.FLOAT) ? "number"
                    : tag.equals(Tag.BOOL) ? "boolean" : tag.equals(Tag.NULL) ? "null" : "string";
            return tag.equals(Tag.NULL) ? "null" : kind + " '" + scalar.getValue() + "'";
        }
        return node instanceof SequenceNode ? "a list" : "a mapping";
    }

    private static String describeType(Class<?> type) {
        if (type == String.class) {
            return "a string";
        } else if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        } else if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == BigInteger.class) {
            return "an integer";
        } else if (Number.class.isAssignableFrom(type) || type == double.class || type == BigDecimal.class) {
            return "a number";
        } else if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        } else if (type.isEnum()) {
            return "one of " + String.join(", ", enumNames(type));
        }
        return "a mapping";
    }

    private static String[] enumNames(Class<?> enumType) {
        return java.util.Arrays.stream(enumType.getEnumConstants())
                .map(c -> Json.MAPPER.convertValue(c, String.class))
                .toArray(String[]::new);
    }

    private static String expected(Collection<?> known) {
        if (known == null || known.isEmpty()) {
            return "";
        }
        return " (expected one of: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String first = message.strip().lines().findFirst().orElse("");
        return first.replaceAll("\\s+", " ");
    }

    /** Convenience for walking plain data: the map at {@code value}, or an empty map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
