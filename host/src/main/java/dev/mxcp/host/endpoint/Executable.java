package dev.mxcp.host.endpoint;

/** An endpoint backed by code (SQL, Python or JavaScript): tools and resources. */
public sealed interface Executable permits ToolDef, ResourceDef {

    Language language();

    Source source();
}
