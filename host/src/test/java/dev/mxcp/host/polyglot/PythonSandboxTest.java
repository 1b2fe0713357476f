package dev.mxcp.host.polyglot;

import static dev.mxcp.host.polyglot.PythonProject.tool;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What guest code may touch by default: the project (read), its data folder and the OS temporary folder
 * (write), nothing else.
 */
class PythonSandboxTest {

    static final String PROBES = """
            import os, socket, subprocess

            def attempt(action):
                try:
                    return "ok: " + str(action())
                except Exception as e:
                    return f"{type(e).__name__}: {e}"

            def read_passwd() -> str:
                return attempt(lambda: open("/etc/passwd").read()[:4])

            def read_through_link() -> str:
                return attempt(lambda: open("etc_link/passwd").read()[:4])

            def spawn() -> str:
                return attempt(lambda: subprocess.run(["/bin/echo", "hi"], capture_output=True).stdout)

            def system() -> str:
                return attempt(lambda: os.system("echo hi"))

            def write_project() -> str:
                return attempt(lambda: open("python/evil.py", "w").write("x"))

            def write_data() -> str:
                def write_and_read():
                    with open("data/notes.txt", "w") as f:
                        f.write("kept")
                    return open("data/notes.txt").read()
                return attempt(write_and_read)

            def scratch() -> str:
                import tempfile, uuid
                def use_temporary_files():
                    with tempfile.NamedTemporaryFile("w+", suffix=".txt") as f:
                        f.write("scratch")
                        f.flush()
                        f.seek(0)
                        kept = f.read()
                    # as MXCP projects do: a fixed path under /tmp, written, read back and removed
                    path = f"{tempfile.gettempdir()}/mxcp_sandbox_{uuid.uuid4().hex}.txt"
                    with open(path, "w") as out:
                        out.write("init ran")
                    found = open(path).read()
                    os.remove(path)
                    return f"{kept} {found} {os.path.exists(path)}"
                return attempt(use_temporary_files)

            def read_project() -> str:
                return attempt(lambda: open("datasets/numbers.csv").read().strip())

            def connect(port: int) -> str:
                return attempt(lambda: socket.create_connection(("127.0.0.1", port), timeout=2).close())

            def package() -> str:
                import tinypkg
                return tinypkg.greet("JVM")
            """;

    @TempDir
    static Path dir;
    static PythonProject project;
    static ServerSocket server;

    @BeforeAll
    static void open() throws IOException {
        server = new ServerSocket(0);
        java.nio.file.Files.createSymbolicLink(dir.resolve("etc_link"), Path.of("/etc"));
        String none = "";
        project = PythonProject.create(dir, "python:\n  workers: 1\n",
                "python/probes.py", PROBES,
                "datasets/numbers.csv", "n\n1\n",
                "python_packages/tinypkg/__init__.py", "from .core import greet\n",
                "python_packages/tinypkg/core.py", "def greet(name):\n    return f'hello {name} from tinypkg'\n",
                "tools/read_passwd.yml", tool("read_passwd", "probes.py", none, ""),
                "tools/read_through_link.yml", tool("read_through_link", "probes.py", none, ""),
                "tools/spawn.yml", tool("spawn", "probes.py", none, ""),
                "tools/system.yml", tool("system", "probes.py", none, ""),
                "tools/write_project.yml", tool("write_project", "probes.py", none, ""),
                "tools/write_data.yml", tool("write_data", "probes.py", none, ""),
                "tools/read_project.yml", tool("read_project", "probes.py", none, ""),
                "tools/scratch.yml", tool("scratch", "probes.py", none, ""),
                "tools/connect.yml", tool("connect", "probes.py", "- {name: port, type: integer}", ""),
                "tools/package.yml", tool("package", "probes.py", none, ""));
    }

    @AfterAll
    static void close() throws IOException {
        project.close();
        server.close();
    }

    @Test
    void readingOutsideTheProjectIsDenied() {
        assertThat(project.call("read_passwd", Map.of())).isEqualTo("PermissionError: [Errno 13] Permission denied: '/etc/passwd'");
    }

    @Test
    void aSymbolicLinkDoesNotLeadOutOfTheProject() {
        assertThat((String) project.call("read_through_link", Map.of())).startsWith("PermissionError: [Errno 13]");
    }

    @Test
    void startingAProcessIsDenied() {
        assertThat(project.call("spawn", Map.of())).isEqualTo("PermissionError: starting processes is off for"
                + " Python endpoints; allow it with 'python: {allow: {processes: true}}' in mxcp-site.yml");
    }

    @Test
    void osSystemIsDenied() {
        assertThat((String) project.call("system", Map.of())).startsWith("PermissionError: starting processes is off");
    }

    @Test
    void writingTheProjectIsDenied() {
        assertThat((String) project.call("write_project", Map.of())).startsWith("PermissionError: [Errno 13]");
    }

    @Test
    void theProjectStaysReadOnlyThoughItLiesInTheTemporaryFolder() {
        assertThat(dir.toAbsolutePath().startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath()))
                .as("the test project is under the temporary folder").isTrue();
        assertThat((String) project.call("write_project", Map.of())).startsWith("PermissionError: [Errno 13]");
    }

    @Test
    void temporaryFilesWork() {
        assertThat(project.call("scratch", Map.of())).isEqualTo("ok: scratch init ran False");
    }

    @Test
    void theDataFolderIsWritable() {
        assertThat(project.call("write_data", Map.of())).isEqualTo("ok: kept");
    }

    @Test
    void projectFilesAreReadableByRelativePath() {
        assertThat(project.call("read_project", Map.of())).isEqualTo("ok: n\n1");
    }

    @Test
    void networkAccessIsDeniedWithAnExplanation() {
        assertThat(project.call("connect", Map.of("port", server.getLocalPort()))).isEqualTo(
                "PermissionError: network access is off for Python endpoints; allow it with"
                        + " 'python: {allow: {network: true}}' in mxcp-site.yml");
    }

    @Test
    void compiledBytecodeIsCachedInTheDataFolder() throws IOException {
        project.call("package", Map.of());
        // GraalPy writes a .pyc by renaming a temporary file: the sandbox must allow that atomic move
        try (var files = java.nio.file.Files.walk(dir.resolve("data/.pycache"))) {
            assertThat(files.map(Path::toString).filter(f -> f.endsWith(".pyc")))
                    .anyMatch(f -> f.contains("/python/probes.") && f.contains(dir.getFileName().toString()))
                    .anyMatch(f -> f.contains("/python_packages/tinypkg/core."))
                    .anyMatch(f -> f.contains("/lib/python3.12/"));
        }
    }

    @Test
    void pureThirdPartyPackagesImportFromThePackagesFolder() {
        assertThat(project.call("package", Map.of())).isEqualTo("hello JVM from tinypkg");
    }
}
