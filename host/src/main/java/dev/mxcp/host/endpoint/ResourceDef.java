package dev.mxcp.host.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A {@code resource:} definition; a URI with {@code {var}} placeholders makes it a resource template. */
public record ResourceDef(
        String uri,
        String name,
        String description,
        List<String> tags,
        @JsonProperty("mime_type") String mimeType,
        List<TypeSpec> parameters,
        @JsonProperty("return") TypeSpec returns,
        Language language,
        Source source,
        Boolean enabled,
        List<TestDef> tests,
        Policies policies,
        @JsonProperty("timeout_seconds") Integer timeoutSeconds) implements EndpointDef, Executable {

    public ResourceDef {
        Defaults.require(uri, "uri");
        Defaults.require(source, "source");
        tags = Defaults.list(tags);
        parameters = Defaults.list(parameters);
        language = Defaults.language(language);
        enabled = Defaults.enabled(enabled);
        tests = Defaults.list(tests);
        policies = Defaults.policies(policies);
        Defaults.timeout(timeoutSeconds);
    }

    @Override
    public String key() {
        return uri;
    }

    /** The parsed URI template, compiled on each call: the served view keeps the one it matches with. */
    public UriTemplate template() {
        return UriTemplate.parse(uri);
    }
}
