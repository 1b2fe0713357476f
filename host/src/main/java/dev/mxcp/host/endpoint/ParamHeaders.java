package dev.mxcp.host.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tool parameters a 2026-07-28 HTTP client mirrors into {@code Mcp-Param-{Name}} headers: the properties of a
 * tool's {@code inputSchema} annotated with {@code x-mcp-header} (written in the tool's {@code input_schema}).
 * The specification's constraints are checked when the tool loads: a header name that is an HTTP token, unique
 * regardless of case, on a string, integer or boolean property reached from the root through {@code properties}
 * alone (never inside {@code items}, {@code oneOf}, {@code $ref}...). Clients drop a tool that breaks them, so
 * such a tool is a load error here rather than a tool no client shows.
 */
public final class ParamHeaders {

    /** The schema keyword. */
    public static final String KEYWORD = "x-mcp-header";

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Set<String> TYPES = Set.of("string", "integer", "boolean");

    /**
     * One mirrored parameter.
     *
     * @param path the chain of property names from the arguments' root to the value
     * @param header the name part of its {@code Mcp-Param-{Name}} header, as annotated
     * @param type {@code string}, {@code integer} or {@code boolean}
     */
    public record ParamHeader(List<String> path, String header, String type) {
    }

    /**
     * A broken annotation.
     *
     * @param at the path inside the schema where it is, for the load error's location
     */
    public static final class Invalid extends IllegalArgumentException {
        private final List<Object> at;

        Invalid(List<Object> at, String message) {
            super(message);
            this.at = List.copyOf(at);
        }

        public List<Object> at() {
            return at;
        }
    }

    private ParamHeaders() {
    }

    /**
     * The annotated parameters of an input schema, in schema order.
     *
     * @throws Invalid for the first annotation that breaks a constraint
     */
    public static List<ParamHeader> of(JsonNode inputSchema) {
        List<ParamHeader> found = new ArrayList<>();
        collect(inputSchema, new ArrayList<>(), found);
        Set<String> seen = new HashSet<>();
        for (ParamHeader header : found) {
            if (!seen.add(header.header().toLowerCase(Locale.ROOT))) {
                throw new Invalid(schemaPath(header.path()), KEYWORD + " '" + header.header()
                        + "' is used twice (header names are compared regardless of case)");
            }
        }
        List<Object> stray = inputSchema.has(KEYWORD) ? List.of(KEYWORD) : stray(inputSchema, new ArrayList<>(), true);
        if (stray != null) {
            throw new Invalid(stray, KEYWORD + " is only allowed on properties reached from the schema's root"
                    + " through 'properties' (not inside items, oneOf/anyOf/allOf, if/then/else, $ref or $defs)");
        }
        return List.copyOf(found);
    }

    /** Walks {@code properties} chains from {@code schema}, collecting annotated properties. */
    private static void collect(JsonNode schema, List<String> path, List<ParamHeader> found) {
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            List<String> next = new ArrayList<>(path);
            next.add(property.getKey());
            JsonNode annotation = property.getValue().get(KEYWORD);
            if (annotation != null) {
                found.add(checked(property.getValue(), annotation, next));
            }
            collect(property.getValue(), next, found);
        }
    }

    private static ParamHeader checked(JsonNode property, JsonNode annotation, List<String> path) {
        List<Object> at = schemaPath(path);
        at.add(KEYWORD);
        if (!annotation.isTextual() || annotation.textValue().isEmpty()) {
            throw new Invalid(at, KEYWORD + " must be a non-empty header name");
        }
        String header = annotation.textValue();
        if (!TOKEN.matcher(header).matches()) {
            throw new Invalid(at, KEYWORD + " '" + header + "' is not an HTTP header name (letters, digits and"
                    + " !#$%&'*+-.^_`|~ only)");
        }
        String type = property.path("type").asText("");
        if (!TYPES.contains(type)) {
            throw new Invalid(at, KEYWORD + " '" + header + "' is on a property of type '" + type
                    + "'; only string, integer and boolean values can be mirrored into a header");
        }
        return new ParamHeader(List.copyOf(path), header, type);
    }

    /**
     * Where an annotation sits outside a {@code properties} chain, or null: {@code reachable} says whether
     * {@code node} is the root or a schema reached from it through {@code properties} alone.
     */
    private static List<Object> stray(JsonNode node, List<Object> at, boolean reachable) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> found = stray(node.get(i), with(at, i), false);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (!node.isObject()) {
            return null;
        }
        if (node.has(KEYWORD) && !reachable) {
            return with(at, KEYWORD);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            List<Object> found;
            if (field.getKey().equals("properties") && reachable && field.getValue().isObject()) {
                found = null;
                Iterator<Map.Entry<String, JsonNode>> properties = field.getValue().fields();
                while (found == null && properties.hasNext()) {
                    Map.Entry<String, JsonNode> property = properties.next();
                    found = stray(property.getValue(), with(with(at, "properties"), property.getKey()), true);
                }
            } else {
                found = stray(field.getValue(), with(at, field.getKey()), false);
            }
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static List<Object> schemaPath(List<String> path) {
        List<Object> at = new ArrayList<>();
        for (String name : path) {
            at.add("properties");
            at.add(name);
        }
        return at;
    }

    private static List<Object> with(List<Object> path, Object step) {
        List<Object> next = new ArrayList<>(path);
        next.add(step);
        return next;
    }
}
