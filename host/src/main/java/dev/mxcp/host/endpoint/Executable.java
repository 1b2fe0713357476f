package dev.mxcp.host.endpoint;

/** An endpoint backed by code (SQL, Python or JavaScript): tools and resources. */
public sealed interface Executable permits ToolDef, ResourceDef {

    Language language();

    Source source();

    /**
     * This endpoint's own time limit in seconds (an extension of MXCP's format: {@code timeout_seconds}), over
     * its language's ({@code sql.timeout_seconds}, {@code python.timeout_seconds}...); null when it has none.
     */
    Integer timeoutSeconds();
}
