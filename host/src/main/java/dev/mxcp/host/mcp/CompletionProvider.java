package dev.mxcp.host.mcp;

import dev.mxcp.host.endpoint.Endpoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Suggests values for an argument of a prompt or a resource template ({@code completion/complete}). The
 * server asks its providers in order and takes the first answer; the last one built in offers the
 * parameter's {@code enum} values, else its {@code examples}. Before it come the guest code's completion hooks
 * ({@code mxcp.runtime.completion}, {@code completion} of {@code mxcp:runtime}); providers given to the
 * embedding API come first of all.
 */
@FunctionalInterface
public interface CompletionProvider {

    /**
     * @param endpoint the prompt or resource template
     * @param argument the argument's name
     * @param value what the user typed so far
     * @param context values of the other arguments already chosen
     * @return suggestions, or empty to let the next provider answer
     */
    Optional<List<String>> complete(Endpoint endpoint, String argument, String value, Map<String, String> context);
}
