package dev.mxcp.host.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.Fixtures;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.endpoint.EndpointDef.Kind;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file watcher reloads endpoints when their files change, in the folders the configuration names now. */
class EndpointWatcherTest {

    @TempDir
    Path dir;

    @Test
    void aNewFileIsServedAndAReloadThatMovesTheFoldersMovesTheWatching() throws Exception {
        Path project = Fixtures.project(dir.resolve("p"));
        Fixtures.write(project, "tools/one.yml", tool("one"));
        try (ProjectRuntime runtime = ProjectRuntime.load(project, ProjectConfig.Overrides.NONE,
                Fixtures.env(dir.resolve("home")));
             EndpointWatcher watcher = EndpointWatcher.start(runtime)) {
            Fixtures.write(project, "tools/two.yml", tool("two"));
            awaitTool(runtime, "two");

            Fixtures.write(project, "more-tools/three.yml", tool("three"));
            Fixtures.write(project, ProjectConfig.SITE_FILE,
                    "mxcp: 1\nproject: demo\nprofile: dev\npaths: {tools: more-tools}\n");
            runtime.reloadConfiguration("test").done().get(60, TimeUnit.SECONDS);
            assertThat(runtime.served().find(Kind.TOOL, "three")).isPresent();

            Fixtures.write(project, "more-tools/four.yml", tool("four"));
            awaitTool(runtime, "four");
        }
    }

    private static String tool(String name) {
        return "mxcp: 1\ntool:\n  name: " + name + "\n  return: {type: integer}\n  source: {code: SELECT 1}\n";
    }

    /** Polls: the watcher reloads a moment after the files stop changing. */
    private static void awaitTool(ProjectRuntime runtime, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (runtime.served().find(Kind.TOOL, name).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(runtime.served().find(Kind.TOOL, name)).as("tool '%s' is served", name).isPresent();
    }
}
