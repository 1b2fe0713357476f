package dev.mxcp.guest;

import java.util.Map;
import java.util.Objects;

/** Asking the user for input through the client ({@code elicitation/create}, form mode). */
public final class Elicitation {

    private Elicitation() {
    }

    /** What the user did. */
    public enum Action { ACCEPT, DECLINE, CANCEL }

    /**
     * The form to show.
     *
     * @param message what to ask, shown to the user
     * @param requestedSchema a flat JSON Schema object as JSON-like values: {@code type: object} with
     *     primitive {@code properties} (string, number, integer, boolean, string enums as {@code enum},
     *     {@code oneOf} of {@code {const, title}}, or legacy {@code enumNames}; multi-select as
     *     {@code type: array} of such enums), each with an optional {@code default}, and {@code required}
     * @param key names the request among the call's requests to the client (see {@link Sampling.Request});
     *     null for one by the order of the call's requests
     */
    public record Request(String message, Map<String, Object> requestedSchema, String key) {
        public Request {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(requestedSchema, "requestedSchema");
        }

        /** A request without a key of its own. */
        public Request(String message, Map<String, Object> requestedSchema) {
            this(message, requestedSchema, null);
        }
    }

    /**
     * The user's answer.
     *
     * @param content the submitted values when {@code action} is ACCEPT, else empty
     */
    public record Result(Action action, Map<String, Object> content) {
        public Result {
            Objects.requireNonNull(action, "action");
            content = content == null ? Map.of() : content;
        }
    }
}
