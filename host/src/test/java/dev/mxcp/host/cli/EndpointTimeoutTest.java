package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An endpoint's own {@code timeout_seconds} stops its SQL or guest code, over the language's limit (60 s). */
class EndpointTimeoutTest {

    @TempDir
    Path dir;

    Path project;
    Map<String, String> env;

    @BeforeEach
    void writeProject() {
        project = Fixtures.project(dir.resolve("p"));
        Fixtures.write(project, "tools/endless_sql.yml", """
                mxcp: 1
                tool:
                  name: endless_sql
                  timeout_seconds: 1
                  return: {type: integer}
                  source:
                    code: SELECT count(*) FROM range(1000000000000) a WHERE hash(a.range) % 13 = 1
                """);
        Fixtures.write(project, "tools/endless_python.yml", """
                mxcp: 1
                tool:
                  name: endless_python
                  language: python
                  timeout_seconds: 1
                  return: {type: integer}
                  source: {file: ../python/loops.py}
                """);
        Fixtures.write(project, "python/loops.py", """
                def endless_python() -> int:
                    n = 0
                    while True:
                        n += 1
                """);
        Fixtures.write(project, "tools/quick.yml", """
                mxcp: 1
                tool:
                  name: quick
                  timeout_seconds: 30
                  return: {type: integer}
                  source: {code: SELECT 42}
                """);
        env = Fixtures.env(dir.resolve("home"));
    }

    @Test
    void sqlStopsAtItsOwnLimit() {
        CliRun run = CliRun.inProject(env, project, "run", "tool", "endless_sql");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("tool 'endless_sql' timed out: stopped after 1 s (the limit is its timeout_seconds)");
        assertThat(CliRun.inProject(env, project, "run", "tool", "quick").out().strip()).isEqualTo("42");
    }

    @Test
    void pythonStopsAtItsOwnLimit() {
        CliRun run = CliRun.inProject(env, project, "run", "tool", "endless_python");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("tool 'endless_python' timed out: stopped after 1 s (the limit is its timeout_seconds)");
    }

    @Test
    void aLimitBelowOneSecondIsALoadError() {
        Fixtures.write(project, "tools/quick.yml", """
                mxcp: 1
                tool:
                  name: quick
                  timeout_seconds: 0
                  source: {code: SELECT 42}
                """);
        CliRun validate = CliRun.inProject(env, project, "validate");
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.out()).contains("tools/quick.yml:").contains("timeout_seconds must be at least 1, got 0");
    }
}
