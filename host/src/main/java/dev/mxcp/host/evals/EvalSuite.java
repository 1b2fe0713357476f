package dev.mxcp.host.evals;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mxcp.host.config.ConfigException;
import dev.mxcp.host.config.YamlDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One eval suite file of MXCP ({@code definitions/evals/models.py}): prompts for a model, each with the tool
 * calls and answer it must (or must not) produce, read strictly with errors at {@code file:line:column}.
 *
 * @param model the name of a model of the user configuration's {@code models} (MXCP allows four names; any
 *              configured name works here)
 */
public record EvalSuite(Object mxcp, String suite, String description, String model, List<EvalTest> tests) {

    public EvalSuite {
        if (mxcp != null && !mxcp.equals(1) && !"1".equals(String.valueOf(mxcp))) {
            throw new IllegalArgumentException("unsupported version " + mxcp + " (expected 'mxcp: 1')");
        }
        requireIdentifier("suite", suite);
        if (tests == null) {
            throw new IllegalArgumentException("missing required key 'tests'");
        }
        tests = List.copyOf(tests);
    }

    public record EvalTest(String name, String description, String prompt,
                           @JsonProperty("user_context") Map<String, Object> userContext, Assertions assertions) {
        public EvalTest {
            requireIdentifier("name", name);
            if (prompt == null) {
                throw new IllegalArgumentException("missing required key 'prompt'");
            }
            if (assertions == null) {
                throw new IllegalArgumentException("missing required key 'assertions'");
            }
        }
    }

    public record Assertions(@JsonProperty("must_call") List<MustCall> mustCall,
                             @JsonProperty("must_not_call") List<String> mustNotCall,
                             @JsonProperty("answer_contains") List<String> answerContains,
                             @JsonProperty("answer_not_contains") List<String> answerNotContains) {
        public Assertions {
            mustCall = mustCall == null ? List.of() : mustCall;
            mustNotCall = mustNotCall == null ? List.of() : mustNotCall;
            answerContains = answerContains == null ? List.of() : answerContains;
            answerNotContains = answerNotContains == null ? List.of() : answerNotContains;
        }
    }

    /** The model must call {@code tool} with at least these arguments. */
    public record MustCall(String tool, Map<String, Object> args) {
        public MustCall {
            if (tool == null) {
                throw new IllegalArgumentException("missing required key 'tool'");
            }
            args = args == null ? Map.of() : args;
        }
    }

    /** As MXCP's validators: a letter or underscore, then letters, digits or underscores. */
    private static void requireIdentifier(String key, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("'" + key + "' cannot be empty");
        }
        if (!value.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'" + key + "' must start with a letter or underscore and contain only"
                    + " letters, digits or underscores, got '" + value + "'");
        }
    }

    /** A suite file as found: the suite, or why it did not load. */
    public record Found(Path file, EvalSuite suite, ConfigException error) {
    }

    /**
     * Every YAML file under {@code dir} with an {@code mxcp} key, sorted, as MXCP discovers eval files; files
     * without one are skipped (they are not eval files).
     */
    public static List<Found> discover(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(new dev.mxcp.host.config.Location(dir, 0, 0), "", "cannot list: " + e.getMessage());
        }
        List<Found> found = new ArrayList<>();
        for (Path file : files) {
            try {
                YamlDocument doc = YamlDocument.read(file);
                if (!(doc.data() instanceof Map<?, ?> map) || !map.containsKey("mxcp")) {
                    continue;
                }
                found.add(new Found(file, doc.bind(doc.data(), EvalSuite.class), null));
            } catch (ConfigException e) {
                found.add(new Found(file, null, e));
            }
        }
        return found;
    }
}
