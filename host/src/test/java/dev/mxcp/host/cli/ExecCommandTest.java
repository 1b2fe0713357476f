package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.Fixtures;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mxcp exec} through the real CLI, in-process: scripts with and without a project around them. */
class ExecCommandTest {

    @TempDir
    Path dir;

    private Map<String, String> env() {
        return Fixtures.env(dir.resolve("home"));
    }

    @Test
    void inAProjectTheRuntimeIsTheProjects() {
        Path project = Fixtures.project(dir.resolve("p"));
        Fixtures.write(project, "scripts/report.py", """
                import sys
                from mxcp.runtime import db, config
                print(config.get_setting("project"), db.execute("SELECT 40 + $n AS x", {"n": int(sys.argv[1])})[0]["x"])
                """);
        CliRun run = CliRun.of(env(), "exec", "--project", project.toString(), project.resolve("scripts/report.py").toString(), "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("demo 42\n");
    }

    @Test
    void withoutAProjectTheRuntimeStillImportsWithAnInMemoryDatabase() {
        Path script = Fixtures.write(dir.resolve("loose"), "alone.py", """
                import asyncio
                import mxcp.runtime as runtime

                async def main():
                    await asyncio.sleep(0.01)
                    return runtime.db.execute("SELECT 'in memory' AS where_")[0]["where_"]

                print(asyncio.run(main()))
                print("to stderr", file=__import__("sys").stderr)
                """);
        CliRun run = CliRun.of(env(), "exec", script.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("in memory\n");
        assertThat(run.err()).isEqualTo("to stderr\n");
    }

    @Test
    void exitCodesAndFailures() {
        Path exits = Fixtures.write(dir.resolve("s"), "exits.py", "import sys\nsys.exit(3)\n");
        assertThat(CliRun.of(env(), "exec", exits.toString()).exitCode()).isEqualTo(3);

        Path fails = Fixtures.write(dir.resolve("s"), "fails.py", "def f():\n    raise ValueError('bad value')\nf()\n");
        CliRun plain = CliRun.of(env(), "exec", fails.toString());
        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.err()).isEqualTo("Error: script fails.py: ValueError: bad value\n");
        CliRun debug = CliRun.of(env(), "exec", "--debug", fails.toString());
        assertThat(debug.err()).contains("Traceback (most recent call last):", "fails.py\", line 2, in f");

        Path js = Fixtures.write(dir.resolve("s"), "code.mjs", """
                console.log("args", process.argv.slice(2).join(","));
                process.exitCode = 4;
                """);
        CliRun jsRun = CliRun.of(env(), "exec", js.toString(), "a", "--b");
        assertThat(jsRun.exitCode()).as(jsRun.err()).isEqualTo(4);
        assertThat(jsRun.out()).isEqualTo("args a,--b\n");

        Path jsFails = Fixtures.write(dir.resolve("s"), "throws.mjs", "throw new TypeError('nope');\n");
        CliRun jsFailed = CliRun.of(env(), "exec", jsFails.toString());
        assertThat(jsFailed.exitCode()).isEqualTo(1);
        assertThat(jsFailed.err()).startsWith("Error: script throws.mjs: TypeError: nope");

        CliRun notAScript = CliRun.of(env(), "exec", dir.resolve("notes.txt").toString());
        assertThat(notAScript.exitCode()).isEqualTo(2);
        assertThat(notAScript.err()).contains("notes.txt: not a script mxcp exec runs (.py, .js or .mjs)");
    }

    @Test
    void listedInHelp() {
        assertThat(CliRun.of(env(), "--help").out()).contains("exec");
    }
}
