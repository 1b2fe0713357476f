package dev.mxcp.host.config;

/** The {@code mxcp:} version key shared by every MXCP file. */
final class Versions {

    private Versions() {
    }

    /** Accepts 1 (or "1", as MXCP coerces it); explains the migration for old "1.0.0" files. */
    static void check(Object version) {
        if (version == null || version.equals(1) || "1".equals(version)) {
            return;
        }
        if (version instanceof String text && text.startsWith("1.")) {
            throw new IllegalArgumentException("'mxcp: \"" + text + "\"' is the old format; write 'mxcp: 1'");
        }
        throw new IllegalArgumentException("unsupported version " + version + " (expected 1)");
    }
}
