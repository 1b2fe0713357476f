package dev.mxcp.guest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Asking the client's language model for a completion ({@code sampling/createMessage}). */
public final class Sampling {

    private Sampling() {
    }

    /** One message of the conversation to complete; {@code role} is "user" or "assistant". */
    public record Message(String role, Content content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }

        /** A user message of plain text. */
        public static Message user(String text) {
            return new Message("user", Content.text(text));
        }
    }

    /**
     * What to ask for.
     *
     * @param systemPrompt null for none
     * @param temperature null for the client's choice
     * @param extra other {@code sampling/createMessage} params as JSON-like values (modelPreferences,
     *     stopSequences, metadata, includeContext); never null
     * @param key names the request among the call's requests to the client (2026-07-28 clients answer them
     *     by key on a retry, see {@link ClientChannel}); null for one by the order of the call's requests
     */
    public record Request(List<Message> messages, int maxTokens, String systemPrompt, Double temperature,
                          Map<String, Object> extra, String key) {
        public Request {
            messages = List.copyOf(messages);
            if (maxTokens <= 0) {
                throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
            }
            extra = extra == null ? Map.of() : Map.copyOf(extra);
        }

        /** A request without a key of its own. */
        public Request(List<Message> messages, int maxTokens, String systemPrompt, Double temperature,
                       Map<String, Object> extra) {
            this(messages, maxTokens, systemPrompt, temperature, extra, null);
        }

        /** One user message, as most tools ask. */
        public static Request of(String prompt, int maxTokens) {
            return new Request(List.of(Message.user(prompt)), maxTokens, null, null, null);
        }
    }

    /**
     * The client's answer.
     *
     * @param stopReason e.g. "endTurn", "maxTokens", or null
     */
    public record Result(String role, Content content, String model, String stopReason) {
    }
}
