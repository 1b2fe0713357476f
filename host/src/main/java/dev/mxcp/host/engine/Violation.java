package dev.mxcp.host.engine;

/**
 * A value that broke a rule, at a path like {@code filters.status[2]}. Thrown deep inside the recursive
 * checks and turned into the public exception (with its own wording) once, at the entry point.
 */
final class Violation extends RuntimeException {

    final String path;
    final String detail;

    Violation(String path, String detail) {
        // Control flow for bad input, not a bug: no stack trace to fill.
        super(path + ": " + detail, null, false, false);
        this.path = path;
        this.detail = detail;
    }
}
