package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tutorial's Python endpoints through the real CLI, in-process, on a copy of examples-python. */
class PythonCliTest {

    @TempDir
    Path dir;

    Path project;
    Map<String, String> env;

    @BeforeEach
    void copyExample() {
        project = Fixtures.copyExample("examples-python", dir.resolve("shop"));
        env = Fixtures.env(dir.resolve("home"));
    }

    private CliRun mxcp(String... args) {
        return CliRun.inProject(env, project, args);
    }

    @Test
    void runsATutorialToolUnmodified() throws Exception {
        CliRun run = mxcp("run", "tool", "batch_user_data", "--param", "user_ids=[2, 3]");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = Json.parse(run.out());
        assertThat(result.get(0).get("name").asText()).isEqualTo("Bob Chen");
        assertThat(result.get(1).get("status").asText()).isEqualTo("found");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aPythonExceptionIsOneLineAndDebugAddsTheTraceback() {
        CliRun plain = mxcp("run", "tool", "strict_divide", "-p", "a=1", "-p", "b=0");
        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.err()).isEqualTo("Error: tool 'strict_divide': ValueError: cannot divide by zero\n");

        CliRun debug = mxcp("run", "tool", "strict_divide", "-p", "a=1", "-p", "b=0", "--debug");
        assertThat(debug.exitCode()).isEqualTo(1);
        assertThat(debug.err()).contains("Traceback (most recent call last):",
                "python/error_handling.py\", line 43, in strict_divide", "raise ValueError(\"cannot divide by zero\")");
    }
}
