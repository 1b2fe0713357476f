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
        enabled = enabled == null || enabled;
        tests = Defaults.list(tests);
        policies = policies == null ? Policies.NONE : policies;
    }

    @Override
    public String key() {
        return name;
    }

    /** One message: {@code prompt} is the template; {@code role} user/assistant; {@code type} text. */
    public record Message(String prompt, String role, String type) {
        public Message {
            Defaults.require(prompt, "prompt");
            role = role == null ? "user" : role;
            type = type == null ? "text" : type;
        }
    }
}
