package dev.mxcp.host.endpoint;

import java.util.List;

/** What every endpoint definition has, whatever its kind. */
public sealed interface EndpointDef permits ToolDef, ResourceDef, PromptDef {

    /** The key that names the endpoint in the shared namespace: the name, or a resource's URI. */
    String key();

    String description();

    List<String> tags();

    List<TypeSpec> parameters();

    /** The declared return type, or null. */
    TypeSpec returns();

    /** Never null: definitions default it to true. */
    Boolean enabled();

    List<TestDef> tests();

    Policies policies();

    default Kind kind() {
        return switch (this) {
            case ToolDef t -> Kind.TOOL;
            case ResourceDef r -> Kind.RESOURCE;
            case PromptDef p -> Kind.PROMPT;
        };
    }

    /** The three kinds of endpoint, named as in YAML and on the command line. */
    enum Kind {
        TOOL, RESOURCE, PROMPT;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
