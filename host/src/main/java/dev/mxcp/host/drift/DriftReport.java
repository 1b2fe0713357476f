package dev.mxcp.host.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** What changed between a baseline snapshot and now, in MXCP's drift report format (version 1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftReport(
        int version,
        @JsonProperty("generated_at") String generatedAt,
        @JsonProperty("baseline_snapshot_path") String baselineSnapshotPath,
        @JsonProperty("current_snapshot_generated_at") String currentSnapshotGeneratedAt,
        @JsonProperty("baseline_snapshot_generated_at") String baselineSnapshotGeneratedAt,
        @JsonProperty("has_drift") boolean hasDrift,
        Map<String, Integer> summary,
        @JsonProperty("table_changes") List<TableChange> tableChanges,
        @JsonProperty("resource_changes") List<ResourceChange> resourceChanges) {

    /** {@code change_type} is added, removed or modified; the column lists are null when empty. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TableChange(String name, @JsonProperty("change_type") String changeType,
                              @JsonProperty("columns_added") List<Snapshot.Column> columnsAdded,
                              @JsonProperty("columns_removed") List<Snapshot.Column> columnsRemoved,
                              @JsonProperty("columns_modified") List<ColumnModification> columnsModified) {
    }

    public record ColumnModification(String name, @JsonProperty("old_type") String oldType,
                                     @JsonProperty("new_type") String newType) {
    }

    /** {@code endpoint} is {@code kind/name}, null for a file that failed to load. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResourceChange(String path, String endpoint, @JsonProperty("change_type") String changeType,
                                 @JsonProperty("validation_changed") Boolean validationChanged,
                                 @JsonProperty("test_results_changed") Boolean testResultsChanged,
                                 @JsonProperty("definition_changed") Boolean definitionChanged,
                                 Map<String, Object> details) {
    }
}
