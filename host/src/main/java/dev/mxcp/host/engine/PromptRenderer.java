package dev.mxcp.host.engine;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.endpoint.PromptDef;
import dev.mxcp.host.endpoint.TypeSpec;
import dev.mxcp.host.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders prompt messages as Jinja2 templates (Jinjava) and finds variables a template uses but never declares. */
final class PromptRenderer {


    private final Jinjava lenient = new Jinjava(JinjavaConfig.newBuilder().build());

    /**
     * The prompt's messages rendered with {@code args}: a list of {@code {role, type, prompt}} like MXCP, plus
     * {@code data} and {@code mime_type} (image, audio) or {@code uri} and {@code mime_type} (resource).
     */
    List<Map<String, Object>> render(PromptDef prompt, Map<String, Object> args) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < prompt.messages().size(); i++) {
            PromptDef.Message message = prompt.messages().get(i);
            Map<String, Object> rendered = new LinkedHashMap<>();
            rendered.put("role", message.role());
            rendered.put("type", message.type());
            if (message.prompt() != null) {
                rendered.put("prompt", renderOne(prompt, i, message.prompt(), args));
            }
            if (message.uri() != null) {
                rendered.put("uri", renderOne(prompt, i, message.uri(), args));
            }
            if (message.data() != null) {
                rendered.put("data", message.data());
            }
            if (message.mimeType() != null) {
                rendered.put("mime_type", message.mimeType());
            }
            messages.add(rendered);
        }
        return messages;
    }

    private String renderOne(PromptDef prompt, int index, String template, Map<String, Object> args) {
        RenderResult result = lenient.renderForResult(template, args);
        List<TemplateError> fatal = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).toList();
        if (!fatal.isEmpty()) {
            throw new MxcpException("prompt '" + prompt.name() + "' message " + (index + 1) + ": "
                    + describe(fatal.getFirst()));
        }
        return result.getOutput();
    }

    /**
     * Problems of the prompt's templates: variables that are not declared parameters, and syntax errors. Each
     * parameter gets a sample value so that {@code if} and {@code for} bodies over it are rendered and checked.
     */
    List<String> problems(PromptDef prompt) {
        Map<String, Object> samples = new HashMap<>();
        for (TypeSpec param : prompt.parameters()) {
            samples.put(param.name(), sample(param));
        }
        prompt.asks().forEach(ask -> samples.put(ask.key(), Map.of()));
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < prompt.messages().size(); i++) {
            String template = prompt.messages().get(i).prompt();
            if (template == null) {
                continue;
            }
            int number = i + 1;
            // read, not rendered, so that a name counts in every branch (as MXCP's jinja2.meta check)
            Set<String> undeclared = TemplateVariables.undeclared(template);
            undeclared.removeAll(samples.keySet());
            if (!undeclared.isEmpty()) {
                problems.add("message " + number + " uses undefined template variables: " + String.join(", ", undeclared));
            }
            Map<String, Object> context = new HashMap<>(samples);
            undeclared.forEach(name -> context.put(name, "x"));
            lenient.renderForResult(template, context).getErrors().stream()
                    .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).findFirst()
                    .ifPresent(error -> problems.add("message " + number + ": " + describe(error)));
        }
        return problems;
    }

    private static Object sample(TypeSpec type) {
        if (type.defaultValue() != null && !type.defaultValue().isNull()) {
            return Json.toJava(type.defaultValue());
        }
        if (!type.examples().isEmpty() && type.examples().getFirst() != null) {
            return type.examples().getFirst();
        }
        return switch (type.type()) {
            case STRING -> "x";
            case NUMBER -> 1.5;
            case INTEGER -> 1L;
            case BOOLEAN -> true;
            case ARRAY -> type.items() == null ? List.of("x") : List.of(sample(type.items()));
            case OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                type.properties().forEach((name, spec) -> object.put(name, sample(spec)));
                yield object;
            }
        };
    }

    private static String describe(TemplateError error) {
        String message = String.valueOf(error.getMessage()).replaceFirst("^\\w+Exception: ", "");
        return error.getLineno() > 0 ? "line " + error.getLineno() + ": " + message : message;
    }
}
