package dev.mxcp.host.polyglot;

import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.config.SiteConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What guest code may touch. By default: read the project folder (and its packages folder), write the
 * project's data folder and the OS temporary folder (Python's {@code tempfile}, and MXCP projects that keep
 * scratch files in {@code /tmp}), no network, no processes, no environment variables. The project folder stays
 * read-only even when it lies inside the temporary folder. The language's own library is readable through
 * GraalVM's internal resources. {@code allow:} in the language's site section widens it.
 *
 * @param root the project folder (the guest's working directory)
 * @param packages the language's third-party packages folder
 * @param readable folders whose files may be read (real paths)
 * @param writable folders whose files may be written, created and deleted (real paths)
 * @param temp the OS temporary folder ({@code java.io.tmpdir}, real path)
 */
record Sandbox(Path root, Path packages, List<Path> readable, List<Path> writable, Path temp,
               SiteConfig.Guest.Allow allow) {

    Sandbox {
        readable = List.copyOf(readable);
        writable = List.copyOf(writable);
    }

    static Sandbox of(ProjectConfig config, SiteConfig.Guest settings, String defaultPackagesDir) {
        Path root = real(config.root());
        SiteConfig.Guest.Allow allow = settings.allow();
        Path packages = real(root.resolve(settings.packagesDir() == null ? defaultPackagesDir : settings.packagesDir()));
        List<Path> writable = new ArrayList<>();
        writable.add(real(root.resolve(config.site().paths().data())));
        allow.write().forEach(p -> writable.add(real(root.resolve(p))));
        List<Path> readable = new ArrayList<>(List.of(root, packages));
        allow.read().forEach(p -> readable.add(real(root.resolve(p))));
        readable.addAll(writable);
        return new Sandbox(root, packages, readable, writable, real(Path.of(System.getProperty("java.io.tmpdir"))),
                allow);
    }

    /**
     * The path with every symbolic link resolved, so a link inside the project cannot lead outside it; for a
     * path that does not exist yet, its nearest existing ancestor is resolved.
     */
    static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }

    boolean mayRead(Path realPath) {
        return readable.stream().anyMatch(realPath::startsWith) || isScratch(realPath);
    }

    /** Whether modules may be loaded from here: the project's own folders, never the scratch folder. */
    boolean mayLoadCode(Path realPath) {
        return readable.stream().anyMatch(realPath::startsWith);
    }

    boolean mayWrite(Path realPath) {
        return writable.stream().anyMatch(realPath::startsWith) || isScratch(realPath);
    }

    /** In the temporary folder, but neither the project (nor its packages): those keep their own rules. */
    private boolean isScratch(Path realPath) {
        return realPath.startsWith(temp) && !realPath.startsWith(root) && !realPath.startsWith(packages);
    }
}
