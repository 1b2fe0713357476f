package dev.mxcp.host.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A drift snapshot in MXCP's format (version 1, {@code services/drift/models.py}): the database's tables with
 * their columns, and per endpoint file its validation, its tests' results and its definition as written. A
 * snapshot written by MXCP reads here, and MXCP reads ours.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Snapshot(Integer version, @JsonProperty("generated_at") String generatedAt, List<Table> tables,
                       List<Resource> resources) {

    public record Table(String name, List<Column> columns) {
    }

    public record Column(String name, String type) {
    }

    /** One endpoint file; a file that failed to load has only its validation results. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resource(@JsonProperty("validation_results") Validation validation,
                           @JsonProperty("test_results") Tests tests, JsonNode definition, JsonNode metadata) {
    }

    /** @param path the file relative to the project */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Validation(String status, String path, String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tests(String status, @JsonProperty("tests_run") Integer testsRun, List<Test> tests, String message,
                        @JsonProperty("no_tests") Boolean noTests) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Test(String name, String description, String status, String error, Double time) {
    }
}
