package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.TypeSpec;
import dev.mxcp.host.engine.ServedEndpoints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code completion/complete}: the first provider that answers wins (the embedder's, then the guest code's
 * completion hooks, then the parameter's declaration); at most 100 values, with the total.
 */
final class CompletionHandler {

    private static final int MAX_VALUES = 100;

    private final Env env;
    private final List<CompletionProvider> providers;

    CompletionHandler(Env env, List<CompletionProvider> extra) {
        this.env = env;
        this.providers = new ArrayList<>(extra);
        this.providers.add(env.runtime()::complete);
        this.providers.add(CompletionHandler::fromDeclaration);
    }

    Map<String, Object> complete(ObjectNode params) {
        ObjectNode ref = Params.object(params, "ref");
        ObjectNode argument = Params.object(params, "argument");
        String name = Params.text(argument, "name");
        String value = argument.path("value").asText("");
        Map<String, String> context = new LinkedHashMap<>();
        params.path("context").path("arguments").properties().forEach(e -> context.put(e.getKey(), e.getValue().asText()));
        ServedEndpoints served = env.catalog().get().served;
        Endpoint endpoint = switch (Params.text(ref, "type")) {
            case "ref/prompt" -> served.find(EndpointDef.Kind.PROMPT, Params.text(ref, "name"))
                    .orElseThrow(() -> McpError.invalidParams("Unknown prompt: " + ref.path("name").asText()))
                    .endpoint();
            case "ref/resource" -> {
                String uri = Params.text(ref, "uri"); // a template's text, or a URI it matches
                yield served.find(EndpointDef.Kind.RESOURCE, uri)
                        .orElseThrow(() -> McpError.resourceNotFound(uri)).endpoint();
            }
            default -> throw McpError.invalidParams("ref.type must be ref/prompt or ref/resource");
        };
        List<String> values = List.of();
        for (CompletionProvider provider : providers) {
            Optional<List<String>> answer = provider.complete(endpoint, name, value, context);
            if (answer.isPresent()) {
                values = answer.get();
                break;
            }
        }
        Map<String, Object> completion = new LinkedHashMap<>();
        completion.put("values", values.size() > MAX_VALUES ? values.subList(0, MAX_VALUES) : values);
        completion.put("total", values.size());
        completion.put("hasMore", values.size() > MAX_VALUES);
        return Map.of("completion", completion);
    }

    /** The parameter's enum values, else its examples, that start with what was typed (ignoring case). */
    private static Optional<List<String>> fromDeclaration(Endpoint endpoint, String argument, String value,
                                                          Map<String, String> context) {
        TypeSpec parameter = endpoint.definition().parameters().stream()
                .filter(p -> argument.equals(p.name())).findFirst().orElse(null);
        if (parameter == null) {
            return Optional.of(List.of());
        }
        List<Object> candidates = parameter.enumValues() != null && !parameter.enumValues().isEmpty()
                ? parameter.enumValues() : parameter.examples();
        String prefix = value.toLowerCase(Locale.ROOT);
        return Optional.of(candidates.stream().filter(Objects::nonNull).map(String::valueOf)
                .filter(c -> c.toLowerCase(Locale.ROOT).startsWith(prefix)).distinct().toList());
    }
}
