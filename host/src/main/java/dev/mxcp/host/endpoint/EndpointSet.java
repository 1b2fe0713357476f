package dev.mxcp.host.endpoint;

import dev.mxcp.host.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All endpoints of a project and the files that failed to load. Tool and prompt names and resource URIs
 * share one namespace: every endpoint whose key is taken twice is an error, and neither copy is served.
 */
public final class EndpointSet {

    private final List<Endpoint> endpoints;
    private final List<ConfigException> errors;

    private EndpointSet(List<Endpoint> endpoints, List<ConfigException> errors) {
        this.endpoints = List.copyOf(endpoints);
        this.errors = List.copyOf(errors);
    }

    static EndpointSet of(List<Endpoint> loaded, List<ConfigException> loadErrors) {
        Map<String, List<Endpoint>> byKey = new LinkedHashMap<>();
        for (Endpoint endpoint : loaded) {
            byKey.computeIfAbsent(endpoint.key(), k -> new ArrayList<>()).add(endpoint);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        List<ConfigException> errors = new ArrayList<>(loadErrors);
        for (List<Endpoint> sameKey : byKey.values()) {
            if (sameKey.size() == 1) {
                endpoints.add(sameKey.getFirst());
                continue;
            }
            for (Endpoint duplicate : sameKey) {
                List<String> others = sameKey.stream().filter(e -> e != duplicate)
                        .map(e -> e.label() + " in " + e.file().getFileName()).toList();
                errors.add(new ConfigException(EndpointLoader.locationOf(duplicate), "",
                        "duplicate name: " + duplicate.label() + " is also defined as " + String.join(", ", others)));
            }
        }
        return new EndpointSet(endpoints, errors);
    }

    /** Loaded endpoints, enabled or not, in discovery order (tools, resources, prompts; files sorted). */
    public List<Endpoint> all() {
        return endpoints;
    }

    /** Files that failed to load and duplicate names. */
    public List<ConfigException> errors() {
        return errors;
    }

    /**
     * This set with the endpoints {@code problems} names moved to the errors, one error per endpoint (its
     * problems joined): what a server that serves only valid endpoints serves.
     */
    public EndpointSet withInvalid(Map<Endpoint, List<String>> problems) {
        if (problems.isEmpty()) {
            return this;
        }
        List<ConfigException> allErrors = new ArrayList<>(errors);
        problems.forEach((endpoint, found) -> allErrors.add(new ConfigException(EndpointLoader.locationOf(endpoint), "",
                endpoint.label() + ": " + String.join("; ", found))));
        return new EndpointSet(endpoints.stream().filter(e -> !problems.containsKey(e)).toList(), allErrors);
    }

    public List<Endpoint> ofKind(EndpointDef.Kind kind) {
        return endpoints.stream().filter(e -> e.kind() == kind).toList();
    }
}
