package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code ./mxcp} launcher in a separate process, on the packaged distribution. */
class LauncherIT {

    @TempDir
    Path dir;

    record Process(int exitCode, String out, String err) {
    }

    private Process mxcp(Path workingDir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Fixtures.repositoryRoot().resolve("mxcp").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile());
        builder.environment().put("HOME", dir.resolve("home").toString());
        builder.environment().remove("MXCP_CONFIG");
        java.lang.Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Process(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void listRunsWithoutAnyWarningFromTheProjectDirectory() throws Exception {
        Path project = Fixtures.copyExample("examples-python", dir.resolve("shop"));
        Process run = mxcp(project.resolve("tools"), "list");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("search_customers");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void runsAToolAndReportsBadInputInOneLine() throws Exception {
        Path project = Fixtures.copyExample("examples-python", dir.resolve("shop"));
        Process ok = mxcp(project, "run", "tool", "hello_world", "--param", "name=JVM");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("Hello, JVM!");
        assertThat(ok.err()).isEmpty();

        Process bad = mxcp(project, "run", "tool", "get_customer", "--param", "id=x");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err().lines().toList()).singleElement().asString().startsWith("Error: ").contains("'id'");
    }

    @Test
    void runsAPythonToolWithoutAWarning() throws Exception {
        Path project = Fixtures.copyExample("examples-python", dir.resolve("shop"));
        Process run = mxcp(project, "run", "tool", "personalized_greeting", "--param", "name=JVM");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // stdout is the result alone: what on_init hooks print goes to the log, never to stdout
        assertThat(dev.mxcp.host.json.Json.parse(run.out()).get("greeting").asText()).isEqualTo("Hi JVM! How are you doing?");
        assertThat(run.err()).isEmpty(); // nor an engine warning: one-shot commands leave the JIT out quietly
    }

    @Test
    void versionComesFromTheDistribution() throws Exception {
        Process run = mxcp(dir, "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).matches("mxcp \\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void outsideAProjectSaysSo() throws Exception {
        Process run = mxcp(dir, "list");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: no mxcp-site.yml found");
    }
}
