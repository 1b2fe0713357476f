package dev.mxcp.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Projects on disk for tests: written file by file, or copied from the repository's examples. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Writes {@code content} to {@code dir/relative}, creating parent directories. */
    public static Path write(Path dir, String relative, String content) {
        Path file = dir.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A minimal project: {@code mxcp-site.yml} for project "demo", profile "dev". */
    public static Path project(Path dir) {
        write(dir, "mxcp-site.yml", "mxcp: 1\nproject: demo\nprofile: dev\n");
        return dir;
    }

    /** Copies {@code examples-python} (or another example) into {@code target}, without its data/ folder. */
    public static Path copyExample(String name, Path target) {
        Path source = repositoryRoot().resolve(name);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = source.relativize(file);
                if (relative.startsWith("data")) {
                    continue;
                }
                Files.createDirectories(target.resolve(relative).getParent());
                Files.copy(file, target.resolve(relative));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** An environment that sees no user configuration of the machine running the tests. */
    public static Map<String, String> env(Path home, String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples-python"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root not found from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
