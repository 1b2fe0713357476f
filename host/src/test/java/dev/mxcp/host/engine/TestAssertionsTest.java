package dev.mxcp.host.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.endpoint.TestDef;
import dev.mxcp.host.json.Json;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every assertion kind passes on a matching result and fails, with a reason, on a wrong one. */
class TestAssertionsTest {

    private static final List<Map<String, Object>> ROWS = List.of(
            Map.of("id", 1L, "name", "Ada", "joined", LocalDate.of(2023, 1, 15)),
            Map.of("id", 2L, "name", "Grace", "joined", LocalDate.of(2023, 2, 20)));

    private static TestDef test(String yamlish) {
        return Json.MAPPER.convertValue(node("{\"name\":\"t\",\"arguments\":[]," + yamlish + "}"), TestDef.class);
    }

    private static JsonNode node(String json) {
        try {
            return Json.parse(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void resultComparesAsJsonWithNumbersByValue() {
        assertThat(TestAssertions.check(test("\"result\": {\"n\": 1.0, \"d\": \"2023-01-15\"}"),
                Map.of("n", 1L, "d", LocalDate.of(2023, 1, 15)))).isEmpty();
        assertThat(TestAssertions.check(test("\"result\": 42"), 41L))
                .containsExactly("Result does not match expected output. Expected: 42 Got: 41");
        assertThat(TestAssertions.check(test("\"result\": null"), null)).isEmpty();
        assertThat(TestAssertions.check(test("\"result\": null"), "x")).hasSize(1);
    }

    @Test
    void resultContainsMatchesAnObjectSubsetOrSomeArrayItem() {
        assertThat(TestAssertions.check(test("\"result_contains\": {\"name\": \"Ada\"}"), ROWS.getFirst())).isEmpty();
        assertThat(TestAssertions.check(test("\"result_contains\": {\"name\": \"Grace\", \"id\": 2}"), ROWS)).isEmpty();
        assertThat(TestAssertions.check(test("\"result_contains\": {\"name\": \"Alan\"}"), ROWS))
                .containsExactly("No item in array contains the expected fields: {\"name\":\"Alan\"}");
        assertThat(TestAssertions.check(test("\"result_contains\": {\"email\": \"a@b\", \"id\": 2}"), ROWS.getFirst()))
                .containsExactly("Expected field 'email' not found in result", "Field 'id' has value 1, expected 2");
        assertThat(TestAssertions.check(test("\"result_contains\": \"x\""), "just text"))
                .containsExactly("result_contains assertion requires dict or array result, got string");
        assertThat(TestAssertions.check(test("\"result_contains\": 3"), List.of(1, 2, 3))).isEmpty();
        assertThat(TestAssertions.check(test("\"result_contains\": 4"), List.of(1, 2, 3)))
                .containsExactly("Array does not contain expected value: 4");
        assertThat(TestAssertions.check(test("\"result_contains\": \"fig\""), List.of("pear")))
                .containsExactly("Array does not contain expected value: fig");
    }

    @Test
    void resultNotContainsRejectsPresentFields() {
        assertThat(TestAssertions.check(test("\"result_not_contains\": [\"password\"]"), ROWS.getFirst())).isEmpty();
        assertThat(TestAssertions.check(test("\"result_not_contains\": [\"name\", \"password\"]"), ROWS.getFirst()))
                .containsExactly("Field 'name' should not be present in result but was found");
    }

    @Test
    void resultContainsItemAndContainsAll() {
        assertThat(TestAssertions.check(test("\"result_contains_item\": {\"id\": 2}"), ROWS)).isEmpty();
        assertThat(TestAssertions.check(test("\"result_contains_item\": {\"id\": 3}"), ROWS))
                .containsExactly("Array does not contain expected item: {\"id\":3}");
        assertThat(TestAssertions.check(test("\"result_contains_all\": [{\"id\": 1}, {\"name\": \"Grace\"}]"), ROWS)).isEmpty();
        assertThat(TestAssertions.check(test("\"result_contains_all\": [{\"id\": 1}, {\"id\": 9}]"), ROWS))
                .containsExactly("Array does not contain expected item: {\"id\":9}");
    }

    @Test
    void resultLength() {
        assertThat(TestAssertions.check(test("\"result_length\": 2"), ROWS)).isEmpty();
        assertThat(TestAssertions.check(test("\"result_length\": 3"), ROWS))
                .containsExactly("Array has 2 items, expected 3");
        assertThat(TestAssertions.check(test("\"result_length\": 1"), "x"))
                .containsExactly("result_length assertion requires array result, got string");
    }

    @Test
    void resultContainsTextSearchesTheTextOfTheResult() {
        assertThat(TestAssertions.check(test("\"result_contains_text\": \"Gra\""), ROWS)).isEmpty();
        assertThat(TestAssertions.check(test("\"result_contains_text\": \"line two\""), List.of(Map.of("prompt", "one\nline two"))))
                .isEmpty();
        assertThat(TestAssertions.check(test("\"result_contains_text\": \"Bob\""), ROWS))
                .containsExactly("Result does not contain expected text: 'Bob'");
    }

    @Test
    void everyDeclaredAssertionIsChecked() {
        List<String> failures = TestAssertions.check(
                test("\"result_length\": 5, \"result_contains_item\": {\"id\": 7}, \"result_contains_text\": \"Zed\""), ROWS);
        assertThat(failures).hasSize(3);
    }

    @Test
    void decimalsCompareExactly() {
        assertThat(TestAssertions.check(test("\"result\": 335.49"), new BigDecimal("335.490"))).isEmpty();
    }
}
