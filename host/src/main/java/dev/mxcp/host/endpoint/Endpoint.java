package dev.mxcp.host.endpoint;

import java.nio.file.Path;

/**
 * A loaded endpoint: its definition, the file it came from, and its code (SQL text read from
 * {@code source.file}, inline code, or null for prompts).
 *
 * @param codeFile the resolved {@code source.file}, or null for inline code and prompts
 */
public record Endpoint(EndpointDef definition, Path file, String code, Path codeFile) {

    public EndpointDef.Kind kind() {
        return definition.kind();
    }

    public String key() {
        return definition.key();
    }

    /** How people refer to it: "tool 'name'", "resource 'uri'", "prompt 'name'". */
    public String label() {
        return kind().yamlName() + " '" + key() + "'";
    }
}
