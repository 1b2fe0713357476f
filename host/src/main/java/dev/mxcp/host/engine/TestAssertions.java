package dev.mxcp.host.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.endpoint.TestDef;
import dev.mxcp.host.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
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
            failures.add("result: expected " + Json.write(test.result()) + ", got " + Json.write(actual));
        }
        if (test.resultContains() != null) {
            checkContains(actual, test.resultContains(), failures);
        }
        for (String field : test.resultNotContains() == null ? List.<String>of() : test.resultNotContains()) {
            if (hasField(actual, field)) {
                failures.add("result_not_contains: field '" + field + "' is present");
            }
        }
        if (test.resultContainsItem() != null && !containsItem(actual, test.resultContainsItem())) {
            failures.add("result_contains_item: no item matches " + Json.write(test.resultContainsItem()));
        }
        if (test.resultContainsAll() != null) {
            for (Object item : test.resultContainsAll()) {
                JsonNode expected = Json.toTree(item);
                if (!containsItem(actual, expected)) {
                    failures.add("result_contains_all: missing item " + Json.write(expected));
                }
            }
        }
        if (test.resultLength() != null) {
            if (!actual.isArray()) {
                failures.add("result_length: expected an array of " + test.resultLength() + " items, got " + kind(actual));
            } else if (actual.size() != test.resultLength()) {
                failures.add("result_length: expected " + test.resultLength() + " items, got " + actual.size());
            }
        }
        if (test.resultContainsText() != null) {
            String text = actual.isTextual() ? actual.asText() : Json.write(actual);
            if (!text.contains(test.resultContainsText()) && !anyTextContains(actual, test.resultContainsText())) {
                failures.add("result_contains_text: '" + test.resultContainsText() + "' not found in " + abbreviate(text));
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

    /** A dict is a subset of the object, or of some item of the array; a scalar is an item of the array. */
    private static void checkContains(JsonNode actual, JsonNode expected, List<String> failures) {
        if (expected.isObject()) {
            boolean found = actual.isObject() ? isSubset(expected, actual)
                    : actual.isArray() && streamOf(actual).stream().anyMatch(item -> isSubset(expected, item));
            if (!found) {
                failures.add("result_contains: " + Json.write(expected) + " not found in " + abbreviate(Json.write(actual)));
            }
        } else if (!(actual.isArray() && streamOf(actual).stream().anyMatch(item -> equal(item, expected)))) {
            failures.add("result_contains: " + Json.write(expected) + " is not an item of " + abbreviate(Json.write(actual)));
        }
    }

    private static boolean containsItem(JsonNode actual, JsonNode expected) {
        return actual.isArray() && streamOf(actual).stream()
                .anyMatch(item -> equal(item, expected) || expected.isObject() && isSubset(expected, item));
    }

    /** Field present in an object result, or in any object of an array result. */
    private static boolean hasField(JsonNode actual, String field) {
        if (actual.isObject()) {
            return actual.has(field);
        }
        return actual.isArray() && streamOf(actual).stream().anyMatch(item -> item.isObject() && item.has(field));
    }

    private static boolean isSubset(JsonNode subset, JsonNode actual) {
        if (!actual.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = subset.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
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

    private static String kind(JsonNode node) {
        return node.isObject() ? "an object" : node.isNull() ? "null" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
