package dev.mxcp.host.evals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.UserConfig;
import dev.mxcp.host.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A conversation with a model over HTTP, with native tool calling: Claude through the Messages API
 * ({@code POST {base_url}/v1/messages}), or an OpenAI-compatible chat completions API
 * ({@code POST {base_url}/chat/completions}), configured as MXCP's user configuration {@code models} section
 * does. The API key goes only into the request's header; no message ever shows it.
 */
abstract sealed class ModelClient {

    /** A tool the model may call: its name, description and JSON Schema of its arguments. */
    record Tool(String name, String description, JsonNode inputSchema) {
    }

    /** A call the model asked for; {@code id} pairs it with its result. */
    record ToolCall(String id, String name, Map<String, Object> arguments) {
    }

    /** One answer of the model: its text and the tools it wants called (none when it is done). */
    record Turn(String text, List<ToolCall> calls) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SYSTEM = "You are a helpful assistant. Use the tools when they help answer.";

    final String name;
    final String apiKey;
    final URI baseUrl;
    final Duration timeout;
    final int retries;
    final List<Tool> tools;
    private final HttpClient http;

    private ModelClient(String name, UserConfig.Models.Model model, String defaultBaseUrl, List<Tool> tools) {
        this.name = name;
        this.apiKey = model.apiKey();
        String base = model.baseUrl() == null ? defaultBaseUrl : model.baseUrl();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.timeout = Duration.ofMillis((long) (1000 * (model.timeout() == null ? 30 : model.timeout())));
        this.retries = model.maxRetries() == null ? 0 : Math.max(0, model.maxRetries());
        this.tools = List.copyOf(tools);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The client for {@code name} of the user configuration's models; one clear line when it cannot be. */
    static ModelClient of(String name, UserConfig.Models models, List<Tool> tools) {
        UserConfig.Models.Model model = models == null || models.models() == null ? null : models.models().get(name);
        if (model == null) {
            throw new MxcpException("Model '" + name + "' not configured in user config (models.models." + name + ")");
        }
        if (model.apiKey() == null || model.apiKey().isBlank()) {
            throw new MxcpException("No API key configured for model '" + name + "'");
        }
        return switch (model.type() == null ? "" : model.type()) {
            case "claude" -> new Claude(name, model, tools);
            case "openai" -> new OpenAi(name, model, tools);
            default -> throw new MxcpException("Unknown model type '" + model.type() + "' for model '" + name
                    + "' (claude or openai)");
        };
    }

    /** Starts a conversation with the user's prompt. */
    abstract void start(String prompt);

    /** Sends the conversation so far and adds the model's answer to it. */
    abstract Turn next();

    /** Adds the results of the calls of the last turn (JSON text each, or an error). */
    abstract void results(List<ToolCall> calls, List<String> results, List<Boolean> errors);

    /** One POST, retried on 429, 5xx and connection failures up to {@code max_retries} times. */
    JsonNode post(String path, ObjectNode body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        headers.forEach(request::header);
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt < retries) {
                    continue;
                }
                throw new MxcpException("cannot reach model '" + name + "' at " + baseUrl + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MxcpException("interrupted while waiting for model '" + name + "'");
            }
            int status = response.statusCode();
            if ((status == 429 || status >= 500) && attempt < retries) {
                continue;
            }
            if (status / 100 != 2) {
                throw new MxcpException("model '" + name + "' answered HTTP " + status + ": " + abbreviate(response.body()));
            }
            try {
                return Json.parse(response.body());
            } catch (IOException e) {
                throw new MxcpException("model '" + name + "' answered something that is not JSON: "
                        + abbreviate(response.body()));
            }
        }
    }

    private static String abbreviate(String text) {
        String line = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return line.isEmpty() ? "(empty)" : line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }

    MxcpException unexpected(String what) {
        return new MxcpException("model '" + name + "' answered in an unexpected shape: " + what);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> arguments(JsonNode node) {
        return node != null && node.isObject() ? (Map<String, Object>) Json.toJava(node) : Map.of();
    }

    /** Anthropic's Messages API: tools with {@code input_schema}, {@code tool_use} and {@code tool_result} blocks. */
    static final class Claude extends ModelClient {
        private final ArrayNode messages = NODES.arrayNode();

        Claude(String name, UserConfig.Models.Model model, List<Tool> tools) {
            super(name, model, "https://api.anthropic.com", tools);
        }

        @Override
        void start(String prompt) {
            messages.addObject().put("role", "user").put("content", prompt);
        }

        @Override
        Turn next() {
            ObjectNode body = NODES.objectNode().put("model", name).put("max_tokens", 4096).put("system", SYSTEM);
            ArrayNode declared = body.putArray("tools");
            for (Tool tool : tools) {
                declared.addObject().put("name", tool.name()).put("description", tool.description())
                        .set("input_schema", tool.inputSchema());
            }
            body.set("messages", messages);
            JsonNode answer = post("/v1/messages", body, Map.of("x-api-key", apiKey, "anthropic-version", "2023-06-01"));
            JsonNode content = answer.get("content");
            if (content == null || !content.isArray()) {
                throw unexpected("no 'content' array");
            }
            messages.addObject().put("role", "assistant").set("content", content);
            StringBuilder text = new StringBuilder();
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode block : content) {
                switch (block.path("type").asText()) {
                    case "text" -> text.append(block.path("text").asText());
                    case "tool_use" -> calls.add(new ToolCall(block.path("id").asText(), block.path("name").asText(),
                            arguments(block.get("input"))));
                    default -> { }
                }
            }
            return new Turn(text.toString(), calls);
        }

        @Override
        void results(List<ToolCall> calls, List<String> results, List<Boolean> errors) {
            ArrayNode blocks = messages.addObject().put("role", "user").putArray("content");
            for (int i = 0; i < calls.size(); i++) {
                blocks.addObject().put("type", "tool_result").put("tool_use_id", calls.get(i).id())
                        .put("content", results.get(i)).put("is_error", errors.get(i));
            }
        }
    }

    /** OpenAI-compatible chat completions: {@code function} tools, {@code tool_calls}, {@code role: tool} messages. */
    static final class OpenAi extends ModelClient {
        private final ArrayNode messages = NODES.arrayNode();

        OpenAi(String name, UserConfig.Models.Model model, List<Tool> tools) {
            super(name, model, "https://api.openai.com/v1", tools);
        }

        @Override
        void start(String prompt) {
            messages.addObject().put("role", "system").put("content", SYSTEM);
            messages.addObject().put("role", "user").put("content", prompt);
        }

        @Override
        Turn next() {
            ObjectNode body = NODES.objectNode().put("model", name).put("max_tokens", 4096);
            ArrayNode declared = body.putArray("tools");
            for (Tool tool : tools) {
                ObjectNode function = declared.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name()).put("description", tool.description()).set("parameters", tool.inputSchema());
            }
            body.set("messages", messages);
            JsonNode answer = post("/chat/completions", body, Map.of("authorization", "Bearer " + apiKey));
            JsonNode message = answer.path("choices").path(0).path("message");
            if (!message.isObject()) {
                throw unexpected("no 'choices[0].message'");
            }
            messages.add(message);
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode call : message.path("tool_calls")) {
                JsonNode function = call.path("function");
                JsonNode arguments;
                try {
                    arguments = Json.parse(function.path("arguments").asText("{}"));
                } catch (IOException e) {
                    throw unexpected("the arguments of a call of '" + function.path("name").asText() + "' are not JSON");
                }
                calls.add(new ToolCall(call.path("id").asText(), function.path("name").asText(), arguments(arguments)));
            }
            return new Turn(message.path("content").isTextual() ? message.path("content").asText() : "", calls);
        }

        @Override
        void results(List<ToolCall> calls, List<String> results, List<Boolean> errors) {
            for (int i = 0; i < calls.size(); i++) {
                messages.addObject().put("role", "tool").put("tool_call_id", calls.get(i).id())
                        .put("content", errors.get(i) ? "Error: " + results.get(i) : results.get(i));
            }
        }
    }
}
