package dev.mxcp.host.mcp;

import java.util.List;

/**
 * The MCP revisions this server speaks, and the rules for choosing one. Legacy revisions (up to 2025-11-25)
 * open a session with {@code initialize}; modern ones (2026-07-28 on) carry the version in every request's
 * {@code _meta} and need no session (see {@link Era}).
 */
public final class ProtocolVersion {

    /** Legacy revisions, oldest first: the ones {@code initialize} negotiates. */
    public static final List<String> SUPPORTED = List.of("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25");
    public static final String LATEST = SUPPORTED.getLast();
    /** Modern revisions, oldest first. */
    public static final List<String> MODERN = List.of("2026-07-28");
    /** Every revision this server speaks, newest first: {@code server/discover} and -32022 list them. */
    public static final List<String> ALL = List.of("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    /** What a Streamable HTTP request without an MCP-Protocol-Version header is taken to speak. */
    public static final String HTTP_DEFAULT = "2025-03-26";

    private ProtocolVersion() {
    }

    public static boolean isSupported(String version) {
        return SUPPORTED.contains(version);
    }

    public static boolean isModern(String version) {
        return version != null && MODERN.contains(version);
    }

    /** The client's version when supported, else the latest this server speaks (the client then decides). */
    public static String negotiate(String requested) {
        return isSupported(requested) ? requested : LATEST;
    }

    /** Whether {@code version} is {@code since} or later; revisions are dates, so they compare as text. */
    public static boolean atLeast(String version, String since) {
        return version != null && version.compareTo(since) >= 0;
    }
}
