package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.guest.ClientRequestException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One run of a 2026-07-28 request in a multi round-trip exchange (MRTR, SEP-2322): the answers the client
 * gave so far (the verified {@code requestState}'s and this request's {@code inputResponses}), and what the
 * run asked the client without an answer yet. Each request to the client has a key, its own or one by its
 * order among the run's requests, so that the same code running again finds its answer under the same key.
 */
final class InputRound {

    /** The message of the failure a request without an answer gets; the run's result is replaced anyway. */
    static final String PENDING = "input required: the client answers this request when it calls again";

    private final Map<String, JsonNode> answers = new LinkedHashMap<>();
    /** Answers this run used: the next round's state carries them. */
    private final Map<String, JsonNode> used = new LinkedHashMap<>();
    /** Requests without an answer, as {@code {method, params}}, in the order asked. */
    private final Map<String, Map<String, Object>> pending = new LinkedHashMap<>();
    private final Set<String> keys = new HashSet<>();
    private int count;

    /**
     * A request's {@code inputResponses}: the client's results by key, each an object.
     *
     * @throws McpError -32602 for anything else
     */
    static Map<String, JsonNode> responses(JsonNode responses) {
        if (!responses.isObject()) {
            throw McpError.invalidParams("inputResponses must be an object of the client's results by key");
        }
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> answer : responses.properties()) {
            if (!answer.getValue().isObject()) {
                throw McpError.invalidParams("inputResponses." + answer.getKey()
                        + " must be an object (the client's result for that request)");
            }
            answers.put(answer.getKey(), answer.getValue());
        }
        return answers;
    }

    synchronized void addAnswers(Map<String, JsonNode> more) {
        answers.putAll(more);
    }

    /**
     * The client's answer to this request, or (none yet) records it for the InputRequiredResult and fails.
     *
     * @param key the request's own key, or null for one by order
     * @throws ClientRequestException when there is no answer yet, or the key was used twice in this run
     */
    synchronized JsonNode answer(String key, String method, Map<String, Object> params) {
        count++;
        String k = key != null ? key : method.substring(0, method.indexOf('/')) + "-" + count;
        if (!keys.add(k)) {
            throw new ClientRequestException("the input key '" + k + "' is used by two requests of one call");
        }
        JsonNode answer = answers.get(k);
        if (answer == null) {
            pending.put(k, Map.of("method", method, "params", params));
            throw new ClientRequestException(PENDING);
        }
        used.put(k, answer);
        return answer;
    }

    synchronized Map<String, Map<String, Object>> pending() {
        return new LinkedHashMap<>(pending);
    }

    synchronized Map<String, JsonNode> used() {
        return new LinkedHashMap<>(used);
    }
}
