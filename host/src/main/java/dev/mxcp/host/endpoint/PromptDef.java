package dev.mxcp.host.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code prompt:} definition: messages are Jinja2 templates over the parameters.
 *
 * @param asks an extension of MXCP: questions put to the user (MCP elicitation) before the messages are rendered,
 *     each answer a template variable named by its key; none by default
 */
public record PromptDef(
        String name,
        String description,
        List<String> tags,
        List<TypeSpec> parameters,
        @JsonProperty("return") TypeSpec returns,
        List<Message> messages,
        Boolean enabled,
        List<TestDef> tests,
        Policies policies,
        List<Ask> asks) implements EndpointDef {

    public PromptDef {
        Defaults.require(name, "name");
        tags = Defaults.list(tags);
        parameters = Defaults.list(parameters);
        messages = Defaults.list(messages);
        enabled = Defaults.enabled(enabled);
        tests = Defaults.list(tests);
        policies = Defaults.policies(policies);
        asks = Defaults.list(asks);
        Set<String> keys = new HashSet<>();
        for (Ask ask : asks) {
            if (!keys.add(ask.key())) {
                throw new IllegalArgumentException("asks: the key '" + ask.key() + "' is used twice");
            }
            if (parameters.stream().anyMatch(p -> p.name().equals(ask.key()))) {
                throw new IllegalArgumentException("asks: the key '" + ask.key() + "' is also a parameter's name");
            }
        }
    }

    /**
     * One question to the user: its answer (the submitted form, an object) is the template variable {@code key}.
     * Over MCP it is an elicitation: a request to a 2025-11-25 client, an input request (MRTR) of 2026-07-28.
     *
     * @param schema the form, as MCP elicitation's {@code requestedSchema} (an object of primitive properties)
     */
    public record Ask(String key, String message, Map<String, Object> schema) {
        private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

        public Ask {
            Defaults.require(key, "key");
            Defaults.require(message, "message");
            Defaults.require(schema, "schema");
            if (!NAME.matcher(key).matches()) {
                throw new IllegalArgumentException("asks: the key '" + key + "' must be a template variable name"
                        + " (letters, digits, _)");
            }
            if (!"object".equals(schema.get("type"))) {
                throw new IllegalArgumentException("asks: the schema of '" + key + "' must have type: object");
            }
        }
    }

    @Override
    public String key() {
        return name;
    }

    /**
     * One message. As in MXCP, {@code role} and {@code type} are free text and may be absent (they are rendered as
     * written, {@code null} when absent): MXCP's own examples use {@code role: system}. A message whose type is
     * absent, {@code text} or any other MXCP value has a {@code prompt}, a Jinja2 template. As an extension (for
     * MCP's other prompt content) this host also takes {@code type: image} and {@code type: audio} with base64
     * {@code data} and {@code mime_type}, and {@code type: resource}, an embedded resource whose {@code uri} and
     * {@code prompt} (its text) are templates and whose {@code mime_type} defaults to text/plain. A message with a
     * {@code prompt} and neither {@code data} nor {@code uri} is text whatever its type says, as in MXCP.
     */
    public record Message(String prompt, String role, String type, String data,
                          @JsonProperty("mime_type") String mimeType, String uri) {
        public Message {
            // MXCP takes any type with a prompt: with a prompt and without this host's fields, it is text
            boolean mxcpText = prompt != null && data == null && uri == null;
            switch (mxcpText ? "text" : type == null ? "text" : type) {
                case "image", "audio" -> {
                    Defaults.require(data, "data");
                    Defaults.require(mimeType, "mime_type");
                }
                case "resource" -> {
                    Defaults.require(uri, "uri");
                    Defaults.require(prompt, "prompt");
                    mimeType = mimeType == null ? "text/plain" : mimeType;
                }
                default -> Defaults.require(prompt, "prompt");
            }
        }
    }
}
