package dev.mxcp.host.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A {@code prompt:} definition: messages are Jinja2 templates over the parameters. */
public record PromptDef(
        String name,
        String description,
        List<String> tags,
        List<TypeSpec> parameters,
        @JsonProperty("return") TypeSpec returns,
        List<Message> messages,
        Boolean enabled,
        List<TestDef> tests,
        Policies policies) implements EndpointDef {

    public PromptDef {
        Defaults.require(name, "name");
        tags = Defaults.list(tags);
        parameters = Defaults.list(parameters);
        messages = Defaults.list(messages);
        enabled = Defaults.enabled(enabled);
        tests = Defaults.list(tests);
        policies = Defaults.policies(policies);
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
