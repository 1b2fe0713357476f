package dev.mxcp.host.config;

import java.nio.file.Path;

/** A place in a source file, 1-based, shown to users as {@code file:line:column}. */
public record Location(Path file, int line, int column) {

    @Override
    public String toString() {
        return line > 0 ? display(file) + ":" + line + ":" + column : display(file);
    }

    /** Paths under the working directory are shown relative to it, others absolute. */
    static String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) && !absolute.equals(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }
}
