package dev.mxcp.host.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.endpoint.TestDef;
import dev.mxcp.host.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MXCP's test assertions over a result, compared as JSON (so a date equals its ISO text and 1 equals 1.0).
 * Every assertion a test declares is checked; the failures are returned, each one line.
 */
final class TestAssertions {

    private TestAssertions() {
    }

    static List<String> check(TestDef test, Object result) {
        JsonNode actual = Json.toTree(result);
        List<String> failures = new ArrayList<>();
        if (test.result() != null && !equal(actual, test.result())) {
            failures.add("Result does not match expected output. Expected: " + Json.write(test.result())
                    + " Got: " + abbreviate(Json.write(actual)));
        }
        if (test.resultContains() != null) {
            checkContains(actual, test.resultContains(), failures);
        }
        for (String field : test.resultNotContains() == null ? List.<String>of() : test.resultNotContains()) {
            if (hasField(actual, field)) {
                failures.add("Field '" + field + "' should not be present in result but was found");
            }
        }
        if (test.resultContainsItem() != null) {
            checkContainsItem(actual, test.resultContainsItem(), "result_contains_item", failures);
        }
        if (test.resultContainsAll() != null) {
            for (Object item : test.resultContainsAll()) {
                checkContainsItem(actual, Json.toTree(item), "result_contains_all", failures);
            }
        }
        if (test.resultLength() != null) {
            if (!actual.isArray()) {
                failures.add("result_length assertion requires array result, got " + kind(actual));
            } else if (actual.size() != test.resultLength()) {
                failures.add("Array has " + actual.size() + " items, expected " + test.resultLength());
            }
        }
        if (test.resultContainsText() != null) {
            String text = actual.isTextual() ? actual.asText() : Json.write(actual);
            if (!text.contains(test.resultContainsText()) && !anyTextContains(actual, test.resultContainsText())) {
                failures.add("Result does not contain expected text: '" + test.resultContainsText() + "'");
            }
        }
        return failures;
    }

    /** Searches string values too, so text with newlines matches without JSON escaping. */
    private static boolean anyTextContains(JsonNode node, String text) {
        if (node.isTextual()) {
            return node.asText().contains(text);
        }
        for (JsonNode child : node) {
            if (anyTextContains(child, text)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A dict is a subset of the object (each field named when it is missing or differs), or of some item of the
     * array; a scalar is an item of the array. The messages are MXCP's.
     */
    private static void checkContains(JsonNode actual, JsonNode expected, List<String> failures) {
        if (actual.isObject() && expected.isObject()) {
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                if (!actual.has(field.getKey())) {
                    failures.add("Expected field '" + field.getKey() + "' not found in result");
                } else if (!equal(actual.get(field.getKey()), field.getValue())) {
                    failures.add("Field '" + field.getKey() + "' has value " + shown(actual.get(field.getKey()))
                            + ", expected " + shown(field.getValue()));
                }
            }
        } else if (actual.isArray() && expected.isObject()) {
            if (streamOf(actual).stream().noneMatch(item -> isSubset(expected, item))) {
                failures.add("No item in array contains the expected fields: " + shown(expected));
            }
        } else if (actual.isArray()) {
            if (streamOf(actual).stream().noneMatch(item -> equal(item, expected))) {
                failures.add("Array does not contain expected value: " + shown(expected));
            }
        } else {
            failures.add("result_contains assertion requires dict or array result, got " + kind(actual));
        }
    }

    private static void checkContainsItem(JsonNode actual, JsonNode expected, String assertion, List<String> failures) {
        if (!actual.isArray()) {
            failures.add(assertion + " assertion requires array result, got " + kind(actual));
        } else if (!containsItem(actual, expected)) {
            failures.add("Array does not contain expected item: " + shown(expected));
        }
    }

    private static boolean containsItem(JsonNode actual, JsonNode expected) {
        return streamOf(actual).stream()
                .anyMatch(item -> equal(item, expected) || expected.isObject() && isSubset(expected, item));
    }

    /** Field present in an object result, or in any object of an array result. */
    private static boolean hasField(JsonNode actual, String field) {
        if (actual.isObject()) {
            return actual.has(field);
        }
        return streamOf(actual).stream().anyMatch(item -> item.isObject() && item.has(field));
    }

    private static boolean isSubset(JsonNode subset, JsonNode actual) {
        if (!actual.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> entry : subset.properties()) {
            if (!actual.has(entry.getKey()) || !equal(actual.get(entry.getKey()), entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** JSON equality where numbers compare by value (1 == 1.0), as Python's == does. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            return a.size() == b.size() && isSubset(b, a);
        }
        return a.equals(b);
    }

    private static List<JsonNode> streamOf(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    /** A value as MXCP's messages show it: text bare, anything else as JSON. */
    private static String shown(JsonNode value) {
        return value.isTextual() ? value.asText() : Json.write(value);
    }

    private static String kind(JsonNode node) {
        return node.isObject() ? "an object" : node.isNull() ? "null" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
