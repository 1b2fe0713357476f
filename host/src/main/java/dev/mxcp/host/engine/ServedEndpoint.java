package dev.mxcp.host.engine;

import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.endpoint.Endpoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A served endpoint as a request named it ({@link ServedEndpoints#find}): for a resource, the concrete URI
 * asked for, and when that URI matched a template, the template's variables, which become arguments.
 *
 * @param uri the concrete URI of a resource (its own URI when it was found by name); null for tools and prompts
 * @param uriArguments the template's variables read from {@code uri}, percent-decoded; empty when none
 */
public record ServedEndpoint(Endpoint endpoint, String uri, Map<String, String> uriArguments) {

    public ServedEndpoint {
        uriArguments = Map.copyOf(uriArguments);
    }

    /** An endpoint named by its key (the test runner's way): no URI variables. */
    static ServedEndpoint of(Endpoint endpoint) {
        return new ServedEndpoint(endpoint, endpoint.kind() == dev.mxcp.host.endpoint.EndpointDef.Kind.RESOURCE
                ? endpoint.key() : null, Map.of());
    }

    /**
     * A call of this endpoint with {@code arguments}; a template's URI variables win over arguments of the same
     * name, as the URI is what the client asked for. A URI variable that is not a declared parameter (MXCP
     * loads such resources) only matches; it is not an argument.
     */
    public Call call(Map<String, ?> arguments, CallContext context, boolean validateOutput) {
        Map<String, Object> all = new LinkedHashMap<>(arguments);
        uriArguments.forEach((name, value) -> {
            if (endpoint.definition().parameters().stream().anyMatch(p -> name.equals(p.name()))) {
                all.put(name, value);
            }
        });
        return new Call(this, all, context, validateOutput);
    }

    /** How people refer to it: "tool 'name'", "resource 'uri'", "prompt 'name'". */
    public String label() {
        return endpoint.label();
    }
}
