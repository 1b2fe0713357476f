package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choice of JVM mode (bin/jdk.sh {@code mxcp_launch_mode}): the Graal JIT only to serve a
 * project with Python or JavaScript code, a quick start otherwise; MXCP_JIT overrides it.
 */
class LaunchModeTest {

    @TempDir
    Path dir;

    private String mode(Path workingDir, String jit, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                ". \"$0\" >/dev/null 2>&1 || true; mxcp_launch_mode \"$@\"",
                Fixtures.repositoryRoot().resolve("bin/jdk.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        builder.environment().remove("MXCP_JIT");
        if (jit != null) {
            builder.environment().put("MXCP_JIT", jit);
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private Path sqlProject(String name) {
        Path project = Fixtures.project(dir.resolve(name));
        Fixtures.write(project, "tools/t.yml", "mxcp: 1\ntool:\n  name: t\n  source: {code: SELECT 1}\n");
        return project;
    }

    @Test
    void oneShotCommandsStartQuickly() throws Exception {
        Path project = sqlProject("sql");
        Fixtures.write(project, "python/x.py", "def x(): pass\n");
        assertThat(mode(project, null, "run", "tool", "x")).isEqualTo("tool");
        assertThat(mode(project, null, "test")).isEqualTo("tool");
    }

    @Test
    void servingSqlOnlyNeedsNoJit() throws Exception {
        Path project = sqlProject("sql");
        assertThat(mode(project.resolve("tools"), null, "serve", "--port", "0")).isEqualTo("server");
    }

    @Test
    void servingGuestCodeGetsTheJit() throws Exception {
        Path python = sqlProject("python");
        Fixtures.write(python, "python/x.py", "def x(): pass\n");
        assertThat(mode(dir, null, "serve", "--project", python.toString())).isEqualTo("jit");

        Path inline = Fixtures.project(dir.resolve("inline"));
        Fixtures.write(inline, "tools/t.yml", "mxcp: 1\ntool:\n  name: t\n  language: \"javascript\"\n  source: {code: x}\n");
        assertThat(mode(dir, null, "serve", "--project=" + inline)).isEqualTo("jit");

        Path packagesOnly = sqlProject("packages");
        Fixtures.write(packagesOnly, "node_modules/pkg/index.js", "module.exports = 1;\n");
        assertThat(mode(packagesOnly, null, "serve")).isEqualTo("server");
    }

    /**
     * The JIT's runtime (bin/jdk.sh {@code mxcp_jit_runtime}) has every module of the JDK but its Graal compiler,
     * so the distribution's compiler can go on the module path, and the JIT mode runs on it.
     */
    @Test
    void theJitRunsOnARuntimeWithoutTheJdksCompiler() throws Exception {
        Path dist = Files.createDirectories(dir.resolve("dist"));
        String script = ". \"$0\" >/dev/null 2>&1; mxcp_jit_runtime \"$1\" && mxcp_jvm_flags \"$1\" jit"
                + " && echo \"JAVA $MXCP_JAVA\" && printf 'FLAG %s\\n' \"${MXCP_JVM_FLAGS[@]}\""
                + " && \"$MXCP_JAVA\" --list-modules";
        Process process = new ProcessBuilder("bash", "-c", script, Fixtures.repositoryRoot().resolve("bin/jdk.sh").toString(),
                dist.toString()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).contains("JAVA " + dist.resolve("jit-runtime/bin/java"), "FLAG --module-path=" + dist.resolve("jvmci"),
                "FLAG --add-modules=jdk.graal.compiler", "jdk.internal.vm.ci@", "java.se@").doesNotContain("jdk.graal.compiler@",
                "--upgrade-module-path");
    }

    @Test
    void mxcpJitOverridesTheChoice() throws Exception {
        Path project = sqlProject("sql");
        assertThat(mode(project, "on", "serve")).isEqualTo("jit");
        assertThat(mode(project, "on", "run", "tool", "t")).isEqualTo("jit");
        Fixtures.write(project, "python/x.py", "def x(): pass\n");
        assertThat(mode(project, "off", "serve")).isEqualTo("server");
    }
}
