package dev.mxcp.host.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.YamlDocument;
import dev.mxcp.host.db.QueryResult;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.engine.TestRunner;
import dev.mxcp.host.engine.Validation;
import dev.mxcp.host.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * MXCP's drift detection ({@code mxcp drift-snapshot}, {@code mxcp drift-check}): take a {@link Snapshot} of a
 * project (its tables, and each endpoint file's validation, tests and definition), write and read it in MXCP's
 * format, and compare a baseline with now into a {@link DriftReport}, as MXCP's {@code services/drift} does.
 */
public final class Drift {

    private Drift() {
    }

    /** The profile's {@code drift.path}, else MXCP's default {@code drift-<profile>.json}, under the project. */
    public static Path defaultPath(ProjectConfig config) {
        String path = config.site().profileSettings(config.profileName()).drift().path();
        return config.root().resolve(path != null ? path : "drift-" + config.profileName() + ".json").normalize();
    }

    /** The project as it is now; runs every enabled endpoint's tests, as MXCP does. */
    public static Snapshot take(ProjectRuntime runtime) {
        Path root = runtime.config().root().toAbsolutePath().normalize();
        Map<Path, TestRunner.Suite> suites = new HashMap<>();
        for (TestRunner.Suite suite : runtime.runTestSuites(null, null, null, null)) {
            if (suite.endpoint() != null) {
                suites.put(suite.file(), suite);
            }
        }
        List<Snapshot.Resource> resources = new ArrayList<>();
        for (Validation.Result result : runtime.validate(null)) {
            String path = relative(root, result.file());
            Snapshot.Validation validation = new Snapshot.Validation(result.valid() ? "ok" : "error", path,
                    result.valid() ? null : String.join("; ", result.problems()));
            TestRunner.Suite suite = suites.get(result.file());
            if (!result.loaded()) {
                resources.add(new Snapshot.Resource(validation, null, null, null));
            } else if (suite != null) { // disabled endpoints are left out, as MXCP's discovery leaves them out
                JsonNode definition = Json.toTree(YamlDocument.read(result.file()).data());
                resources.add(new Snapshot.Resource(validation, tests(suite), definition, definition.get("metadata")));
            }
        }
        return new Snapshot(1, Instant.now().toString(), tables(runtime), resources);
    }

    /** The tables and views of the database's main schema, with their columns in order. */
    private static List<Snapshot.Table> tables(ProjectRuntime runtime) {
        QueryResult rows = runtime.query("""
                SELECT table_name, column_name, data_type FROM information_schema.columns
                WHERE table_schema = 'main' AND table_catalog = current_database()
                ORDER BY table_name, ordinal_position""", Map.of());
        Map<String, List<Snapshot.Column>> tables = new LinkedHashMap<>();
        for (Map<String, Object> row : rows.rows()) {
            tables.computeIfAbsent((String) row.get("table_name"), t -> new ArrayList<>())
                    .add(new Snapshot.Column((String) row.get("column_name"), (String) row.get("data_type")));
        }
        return tables.entrySet().stream().map(t -> new Snapshot.Table(t.getKey(), t.getValue())).toList();
    }

    private static Snapshot.Tests tests(TestRunner.Suite suite) {
        List<Snapshot.Test> tests = suite.outcomes().stream().map(o -> new Snapshot.Test(o.test(),
                o.description() == null || o.description().isEmpty() ? null : o.description(),
                o.status().name().toLowerCase(Locale.ROOT), o.passed() ? null : String.join("; ", o.failures()),
                o.nanos() / 1e9)).toList();
        String status = switch (suite.status()) {
            case PASSED -> "ok";
            case FAILED -> "failed";
            case ERROR -> "error";
        };
        return new Snapshot.Tests(status, tests.size(), tests.isEmpty() ? null : tests, null, tests.isEmpty() ? true : null);
    }

    /** Writes the snapshot as MXCP does (indented JSON, nulls left out), replacing the file in one step. */
    public static void write(Snapshot snapshot, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, Json.writePretty(snapshot), StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MxcpException("cannot write the drift snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a snapshot, refusing one of another version or shape in one line naming the file. */
    public static Snapshot read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MxcpException("Failed to load baseline snapshot: Snapshot file not found: " + file);
        }
        JsonNode tree;
        try {
            tree = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MxcpException("Failed to load baseline snapshot: " + file + " is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!tree.isObject() || !tree.path("version").isInt() || tree.path("version").intValue() != 1) {
            throw new MxcpException("Failed to load baseline snapshot: Unsupported snapshot version: "
                    + (tree.isObject() ? tree.path("version") : "none") + " in " + file);
        }
        try {
            Snapshot snapshot = Json.MAPPER.treeToValue(tree, Snapshot.class);
            require(snapshot.generatedAt(), "generated_at", file);
            require(snapshot.tables(), "tables", file);
            require(snapshot.resources(), "resources", file);
            for (Snapshot.Resource resource : snapshot.resources()) {
                require(resource.validation(), "resources[].validation_results", file);
                require(resource.validation().status(), "resources[].validation_results.status", file);
                require(resource.validation().path(), "resources[].validation_results.path", file);
            }
            return snapshot;
        } catch (JsonProcessingException e) {
            throw new MxcpException("Failed to load baseline snapshot: Invalid drift snapshot " + file + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    private static void require(Object value, String field, Path file) {
        if (value == null) {
            throw new MxcpException("Failed to load baseline snapshot: Invalid drift snapshot " + file + ": '"
                    + field + "' is missing");
        }
    }

    /** Compares the baseline with now, as MXCP's {@code check_drift}: tables by name, files by path. */
    public static DriftReport compare(Snapshot baseline, String baselinePath, Snapshot current) {
        List<DriftReport.TableChange> tables = compareTables(baseline.tables(), current.tables());
        List<DriftReport.ResourceChange> resources = compareResources(baseline.resources(), current.resources());
        Map<String, Integer> summary = new LinkedHashMap<>();
        for (String kind : List.of("added", "removed", "modified")) {
            summary.put("tables_" + kind, (int) tables.stream().filter(c -> c.changeType().equals(kind)).count());
        }
        for (String kind : List.of("added", "removed", "modified")) {
            summary.put("resources_" + kind, (int) resources.stream().filter(c -> c.changeType().equals(kind)).count());
        }
        boolean drift = !tables.isEmpty() || !resources.isEmpty();
        return new DriftReport(1, Instant.now().toString(), baselinePath, current.generatedAt(), baseline.generatedAt(),
                drift, summary, tables, resources);
    }

    private static List<DriftReport.TableChange> compareTables(List<Snapshot.Table> before, List<Snapshot.Table> now) {
        Map<String, Snapshot.Table> old = byKey(before, Snapshot.Table::name);
        Map<String, Snapshot.Table> current = byKey(now, Snapshot.Table::name);
        List<DriftReport.TableChange> changes = new ArrayList<>();
        current.values().stream().filter(t -> !old.containsKey(t.name())).forEach(t ->
                changes.add(new DriftReport.TableChange(t.name(), "added", t.columns(), null, null)));
        old.values().stream().filter(t -> !current.containsKey(t.name())).forEach(t ->
                changes.add(new DriftReport.TableChange(t.name(), "removed", null, t.columns(), null)));
        for (Snapshot.Table was : old.values()) {
            Snapshot.Table is = current.get(was.name());
            if (is == null) {
                continue;
            }
            Map<String, Snapshot.Column> oldColumns = byKey(was.columns(), Snapshot.Column::name);
            Map<String, Snapshot.Column> newColumns = byKey(is.columns(), Snapshot.Column::name);
            List<Snapshot.Column> added = is.columns().stream().filter(c -> !oldColumns.containsKey(c.name())).toList();
            List<Snapshot.Column> removed = was.columns().stream().filter(c -> !newColumns.containsKey(c.name())).toList();
            List<DriftReport.ColumnModification> modified = was.columns().stream()
                    .filter(c -> newColumns.containsKey(c.name()) && !c.type().equals(newColumns.get(c.name()).type()))
                    .map(c -> new DriftReport.ColumnModification(c.name(), c.type(), newColumns.get(c.name()).type()))
                    .toList();
            if (!added.isEmpty() || !removed.isEmpty() || !modified.isEmpty()) {
                changes.add(new DriftReport.TableChange(was.name(), "modified", orNull(added), orNull(removed),
                        orNull(modified)));
            }
        }
        return changes;
    }

    private static List<DriftReport.ResourceChange> compareResources(List<Snapshot.Resource> before,
                                                                     List<Snapshot.Resource> now) {
        Map<String, Snapshot.Resource> old = byKey(before, r -> r.validation().path());
        Map<String, Snapshot.Resource> current = byKey(now, r -> r.validation().path());
        List<DriftReport.ResourceChange> changes = new ArrayList<>();
        current.forEach((path, r) -> {
            if (!old.containsKey(path)) {
                changes.add(new DriftReport.ResourceChange(path, endpoint(r), "added", null, null, null,
                        Map.of("added_resource", true)));
            }
        });
        old.forEach((path, r) -> {
            if (!current.containsKey(path)) {
                changes.add(new DriftReport.ResourceChange(path, endpoint(r), "removed", null, null, null,
                        Map.of("removed_resource", true)));
            }
        });
        old.forEach((path, was) -> {
            Snapshot.Resource is = current.get(path);
            if (is == null) {
                return;
            }
            boolean validation = !was.validation().status().equals(is.validation().status())
                    || !Objects.equals(was.validation().message(), is.validation().message());
            boolean tests = testsChanged(was.tests(), is.tests());
            boolean definition = !Objects.equals(normalized(was.definition()), normalized(is.definition()));
            if (validation || tests || definition) {
                Map<String, Object> details = new LinkedHashMap<>();
                if (validation) {
                    details.put("validation_changes", statuses(was.validation().status(), is.validation().status()));
                }
                if (tests) {
                    details.put("test_changes", statuses(was.tests() == null ? null : was.tests().status(),
                            is.tests() == null ? null : is.tests().status()));
                }
                changes.add(new DriftReport.ResourceChange(path, endpoint(is), "modified", validation, tests, definition,
                        details.isEmpty() ? null : details));
            }
        });
        return changes;
    }

    /** As MXCP: status, count, and each test's name and status (not its time or message). */
    private static boolean testsChanged(Snapshot.Tests was, Snapshot.Tests is) {
        if (was == null || is == null) {
            return was != is;
        }
        Function<Snapshot.Tests, List<List<String>>> summary = t -> (t.tests() == null ? List.<Snapshot.Test>of() : t.tests())
                .stream().map(test -> java.util.Arrays.asList(test.name(), test.status())).toList();
        return !was.status().equals(is.status()) || !Objects.equals(was.testsRun(), is.testsRun())
                || !summary.apply(was).equals(summary.apply(is));
    }

    /**
     * A definition with MXCP's defaults left out, so that one MXCP wrote (its model dumped: {@code mxcp: 1},
     * {@code enabled: true}, {@code language: sql}, {@code sensitive: false}, nulls) equals the file it came from.
     */
    private static JsonNode normalized(JsonNode definition) {
        if (definition == null || definition.isNull()) {
            return null;
        }
        JsonNode copy = definition.deepCopy();
        if (copy instanceof ObjectNode top) {
            top.remove("mxcp");
            for (String kind : List.of("tool", "resource", "prompt")) {
                if (top.get(kind) instanceof ObjectNode endpoint) {
                    removeIf(endpoint, "enabled", JsonNode::asBoolean);
                    removeIf(endpoint, "language", l -> l.asText().equals("sql"));
                }
            }
        }
        stripDefaults(copy);
        return copy;
    }

    private static void stripDefaults(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                if (value.isNull() || field.getKey().equals("sensitive") && value.isBoolean() && !value.asBoolean()) {
                    it.remove();
                }
            }
        }
        node.forEach(Drift::stripDefaults);
    }

    private static void removeIf(ObjectNode node, String key, java.util.function.Predicate<JsonNode> isDefault) {
        if (node.has(key) && isDefault.test(node.get(key))) {
            node.remove(key);
        }
    }

    /** {@code kind/name} from a definition, as MXCP names it in reports. */
    private static String endpoint(Snapshot.Resource resource) {
        JsonNode definition = resource.definition();
        if (definition == null) {
            return null;
        }
        for (String kind : List.of("tool", "resource", "prompt")) {
            JsonNode endpoint = definition.get(kind);
            if (endpoint != null && endpoint.isObject()) {
                return kind + "/" + endpoint.path(kind.equals("resource") ? "uri" : "name").asText();
            }
        }
        return null;
    }

    private static Map<String, Object> statuses(String before, String after) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("old_status", before);
        change.put("new_status", after);
        return change;
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(item -> map.put(key.apply(item), item));
        return map;
    }

    private static <T> List<T> orNull(List<T> list) {
        return list.isEmpty() ? null : list;
    }

    private static String relative(Path root, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }
}
