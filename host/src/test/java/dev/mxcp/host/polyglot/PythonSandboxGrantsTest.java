package dev.mxcp.host.polyglot;

import static dev.mxcp.host.polyglot.PythonProject.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.Fixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What mxcp-site.yml can grant beyond the default sandbox. */
class PythonSandboxGrantsTest {

    @TempDir
    static Path dir;
    static PythonProject project;
    static ServerSocket server;

    @BeforeAll
    static void open() throws IOException {
        server = new ServerSocket(0);
        Fixtures.write(dir, "shared/note.txt", "shared note");
        project = PythonProject.create(dir.resolve("project"), """
                python:
                  workers: 1
                  allow:
                    network: true
                    processes: true
                    read: [../shared, /bin, /usr/bin]
                    write: [exports]
                """,
                "python/granted.py", PythonSandboxTest.PROBES + """

                        def read_shared() -> str:
                            return attempt(lambda: open("../shared/note.txt").read())

                        def write_exports() -> str:
                            import os
                            os.makedirs("exports", exist_ok=True)
                            return attempt(lambda: open("exports/out.txt", "w").write("done"))
                        """,
                "tools/connect.yml", tool("connect", "granted.py", "- {name: port, type: integer}", ""),
                "tools/spawn.yml", tool("spawn", "granted.py", "", ""),
                "tools/read_shared.yml", tool("read_shared", "granted.py", "", ""),
                "tools/write_exports.yml", tool("write_exports", "granted.py", "", ""));
    }

    @AfterAll
    static void close() throws IOException {
        project.close();
        server.close();
    }

    @Test
    void networkCanBeAllowed() {
        assertThat(project.call("connect", Map.of("port", server.getLocalPort()))).isEqualTo("ok: None");
    }

    @Test
    void processesCanBeAllowed() {
        assertThat(project.call("spawn", Map.of())).isEqualTo("ok: b'hi\\n'");
    }

    @Test
    void moreFoldersCanBeReadable() {
        assertThat(project.call("read_shared", Map.of())).isEqualTo("ok: shared note");
    }

    @Test
    void moreFoldersCanBeWritable() {
        assertThat(project.call("write_exports", Map.of())).isEqualTo("ok: 4");
    }
}
