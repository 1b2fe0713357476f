package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The compatibility suite: each folder of {@code compat/} is an MXCP project of our own with a {@code compat.yml}
 * listing command lines, each mirroring a behaviour MXCP's own tests check, and what MXCP answers. Every case runs
 * the real command line on a fresh copy of its project. See compat/README.md for the file format.
 */
class CompatibilityTest {

    private static final Path SUITES = Fixtures.repositoryRoot().resolve("compat");

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicNode> compat() throws IOException {
        try (Stream<Path> folders = Files.list(SUITES)) {
            List<Path> suites = folders.filter(p -> Files.isRegularFile(p.resolve("compat.yml"))).sorted().toList();
            assertThat(suites).as("suites under " + SUITES).isNotEmpty();
            return suites.stream().map(this::suite);
        }
    }

    private DynamicNode suite(Path folder) {
        Map<String, Object> spec = yaml(folder.resolve("compat.yml"));
        List<Map<String, Object>> cases = cases(spec.get("cases"));
        assertThat(cases).as(folder + ": cases").isNotEmpty();
        String title = folder.getFileName() + " (MXCP " + spec.getOrDefault("mirrors", "?") + ")";
        return DynamicContainer.dynamicContainer(title, cases.stream().map(c -> DynamicTest.dynamicTest(
                c.get("name") + " [" + c.getOrDefault("mirrors", "-") + "]", () -> run(folder, spec, c))));
    }

    private void run(Path folder, Map<String, Object> spec, Map<String, Object> kase) throws IOException {
        Path work = Files.createTempDirectory(dir, folder.getFileName().toString());
        Path project = work.resolve("project");
        copy(folder, project);
        for (Map.Entry<String, Object> file : map(kase.get("files")).entrySet()) {
            Fixtures.write(project, file.getKey(), expand(String.valueOf(file.getValue()), project, work));
        }
        Map<String, String> env = Fixtures.env(work.resolve("home"));
        if (Files.exists(project.resolve("mxcp-config.yml"))) {
            env.put("MXCP_CONFIG", project.resolve("mxcp-config.yml").toString());
        }
        for (Map<String, Object> extra : List.of(map(spec.get("env")), map(kase.get("env")))) {
            extra.forEach((k, v) -> env.put(k, expand(String.valueOf(v), project, work)));
        }
        Path from = project.resolve(String.valueOf(kase.getOrDefault("project", "")));
        for (Object step : list(kase.get("before"))) {
            List<String> stepArgs = args(list(step), project, work);
            CliRun setup = CliRun.inProject(env, from, stepArgs.toArray(String[]::new));
            assertThat(setup.exitCode()).as("before: mxcp " + String.join(" ", stepArgs) + "\n" + setup.out() + setup.err())
                    .isZero();
        }
        List<String> args = args(list(kase.get("args")), project, work);
        CliRun run = CliRun.inProject(env, from, args.toArray(String[]::new));
        String both = run.out() + run.err();
        String shown = "mxcp " + String.join(" ", args) + "\n--- stdout\n" + run.out() + "--- stderr\n" + run.err();

        int exit = ((Number) kase.getOrDefault("exit", 0)).intValue();
        if (exit < 0) {
            assertThat(run.exitCode()).as("non-zero exit of " + shown).isNotZero();
        } else {
            assertThat(run.exitCode()).as("exit code of " + shown).isEqualTo(exit);
        }
        for (Object text : list(kase.get("output"))) {
            assertThat(both).as(shown).contains(String.valueOf(text));
        }
        for (Object text : list(kase.get("not_output"))) {
            assertThat(both).as(shown).doesNotContain(String.valueOf(text));
        }
        if (kase.containsKey("json")) {
            JsonNode expected = Json.toTree(kase.get("json"));
            JsonNode actual = Json.parse(run.out());
            matches(expected, actual, "$", shown);
        }
    }

    /** {@code expected} is a subset of {@code actual}: objects by their keys, arrays item by item, same length. */
    private static void matches(JsonNode expected, JsonNode actual, String at, String shown) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(at + " is an object in " + shown).isTrue();
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!actual.has(field.getKey())) {
                    fail(at + "." + field.getKey() + " missing in " + shown);
                }
                matches(field.getValue(), actual.get(field.getKey()), at + "." + field.getKey(), shown);
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray()).as(at + " is an array in " + shown).isTrue();
            assertThat(actual.size()).as(at + " length in " + shown).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                matches(expected.get(i), actual.get(i), at + "[" + i + "]", shown);
            }
        } else if (expected.isNumber() && actual.isNumber()) {
            assertThat(actual.decimalValue().compareTo(expected.decimalValue())).as(at + " in " + shown).isZero();
        } else {
            assertThat(actual).as(at + " in " + shown).isEqualTo(expected);
        }
    }

    private static List<String> args(List<?> written, Path project, Path work) {
        return written.stream().map(arg -> expand(String.valueOf(arg), project, work)).toList();
    }

    private static String expand(String text, Path project, Path work) {
        return text.replace("{project}", project.toString()).replace("{work}", work.toString());
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> yaml(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML value that may be one item or a list of them. */
    private static List<?> list(Object value) {
        return value == null ? List.of() : value instanceof List<?> items ? items : List.of(value);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cases(Object value) {
        return (List<Map<String, Object>>) list(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
