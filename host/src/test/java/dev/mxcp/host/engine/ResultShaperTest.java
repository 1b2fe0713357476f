package dev.mxcp.host.engine;

import static dev.mxcp.host.endpoint.TypeSpecs.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultShaperTest {

    private static final List<Map<String, Object>> TWO_ROWS = List.of(Map.of("n", 1), Map.of("n", 2));

    @Test
    void withoutReturnTypeRowsStayAsTheyAre() {
        assertThat(ResultShaper.shape(null, TWO_ROWS)).isSameAs(TWO_ROWS);
    }

    @Test
    void arrayReturnKeepsAllRows() {
        assertThat(ResultShaper.shape(type("{\"type\": \"array\"}"), TWO_ROWS)).isSameAs(TWO_ROWS);
    }

    @Test
    void nonListResultIsNotShaped() {
        Map<String, Object> user = Map.of("id", 7);

        assertThat(ResultShaper.shape(type("{\"type\": \"object\"}"), user)).isSameAs(user);
    }

    @Test
    void objectReturnTakesTheOnlyRow() {
        assertThat(ResultShaper.shape(type("{\"type\": \"object\"}"), List.of(Map.of("id", 7))))
                .isEqualTo(Map.of("id", 7));
    }

    @Test
    void objectReturnWithoutRowsFails() {
        assertThatThrownBy(() -> ResultShaper.shape(type("{\"type\": \"object\"}"), List.of()))
                .isInstanceOf(InvalidOutputException.class)
                .hasMessage("No results returned");
    }

    @Test
    void objectReturnWithSeveralRowsFails() {
        assertThatThrownBy(() -> ResultShaper.shape(type("{\"type\": \"object\"}"), TWO_ROWS))
                .isInstanceOf(InvalidOutputException.class)
                .hasMessage("Expected single result for return type 'object', but got 2 results");
    }

    @Test
    void scalarReturnTakesTheOnlyColumnOfTheOnlyRow() {
        assertThat(ResultShaper.shape(type("{\"type\": \"integer\"}"), List.of(Map.of("count", 42))))
                .isEqualTo(42);
    }

    @Test
    void scalarReturnMayBeNull() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", null);

        assertThat(ResultShaper.shape(type("{\"type\": \"string\"}"), List.of(row))).isNull();
    }

    @Test
    void scalarReturnWithoutRowsFails() {
        assertThatThrownBy(() -> ResultShaper.shape(type("{\"type\": \"number\"}"), List.of()))
                .isInstanceOf(InvalidOutputException.class)
                .hasMessage("No results returned");
    }

    @Test
    void scalarReturnWithSeveralRowsFails() {
        assertThatThrownBy(() -> ResultShaper.shape(type("{\"type\": \"boolean\"}"), TWO_ROWS))
                .isInstanceOf(InvalidOutputException.class)
                .hasMessage("Expected single result for return type 'boolean', but got 2 results");
    }

    @Test
    void scalarReturnWithSeveralColumnsFails() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("a", 1);
        row.put("b", 2);

        assertThatThrownBy(() -> ResultShaper.shape(type("{\"type\": \"integer\"}"), List.of(row)))
                .isInstanceOf(InvalidOutputException.class)
                .hasMessage("Expected exactly one column, got 2: [a, b]");
    }

    @Test
    void scalarReturnFromAListOfOneBareValue() {
        assertThat(ResultShaper.shape(type("{\"type\": \"string\"}"), List.of("only"))).isEqualTo("only");
    }
}
