package dev.mxcp.host.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.host.json.Json;
import dev.mxcp.host.mcp.ProtocolVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stdio MCP server run as a child process: newline-delimited JSON-RPC on its stdin and stdout, started and
 * initialized on first use, and started again by the next request after it exits. It gets a small default
 * environment (as the MCP SDKs give their stdio servers) plus the config's {@code env}, not all of ours.
 */
final class StdioProcess implements Instance {

    /** Inherited from the manager's environment when set; everything else must be given in {@code env}. */
    private static final List<String> INHERITED = List.of("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER", "LANG",
            "TMPDIR", "JAVA_HOME");

    private final ServerConfig config;
    private final ServerConfig.Stdio stdio;
    private final Map<String, String> parentEnv;
    private final AtomicLong ids = new AtomicLong();
    private Running running; // guarded by this

    /** One run of the process; its pending requests by id. */
    private record Running(Process process, OutputStream stdin, Map<Long, CompletableFuture<JsonNode>> pending,
                           StringBuilder lastError) {
    }

    StdioProcess(ServerConfig config, ServerConfig.Stdio stdio, Map<String, String> parentEnv) {
        this.config = config;
        this.stdio = stdio;
        this.parentEnv = parentEnv;
    }

    @Override
    public JsonNode request(String method, JsonNode params, Deadline deadline) {
        return send(started(deadline), method, params, deadline);
    }

    private synchronized Running started(Deadline deadline) {
        if (running != null && running.process().isAlive()) {
            return running;
        }
        ProcessBuilder builder = new ProcessBuilder(stdio.command()).redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().clear();
        INHERITED.stream().filter(parentEnv::containsKey).forEach(k -> builder.environment().put(k, parentEnv.get(k)));
        builder.environment().putAll(stdio.env());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw McpManagerException.unavailable(config, "cannot start the process: " + e.getMessage(), e);
        }
        Running started = new Running(process, process.getOutputStream(), new ConcurrentHashMap<>(), new StringBuilder());
        Thread.ofVirtual().name("mcp-manager-stdout-" + config.id()).start(() -> readOutput(started));
        Thread.ofVirtual().name("mcp-manager-stderr-" + config.id()).start(() -> readErrors(started));
        ObjectNode init = Json.MAPPER.createObjectNode().put("protocolVersion", ProtocolVersion.LATEST);
        init.putObject("capabilities");
        init.putObject("clientInfo").put("name", "mxcp-manager").put("version", "1");
        try {
            JsonNode response = send(started, "initialize", init, deadline);
            String version = response.at("/result/protocolVersion").asText(null);
            if (response.has("error") || !ProtocolVersion.isSupported(version)) {
                throw McpManagerException.unavailable(config, response.has("error") ? "initialize failed: "
                        + response.at("/error/message").asText() : "it speaks MCP revision " + version, null);
            }
            write(started, Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        running = started;
        return started;
    }

    private JsonNode send(Running on, String method, JsonNode params, Deadline deadline) {
        long id = ids.incrementAndGet();
        ObjectNode message = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null && !params.isNull()) {
            message.set("params", params);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        on.pending().put(id, answer);
        try {
            write(on, message);
            return answer.get(deadline.remaining(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            ObjectNode cancel = Json.MAPPER.createObjectNode().put("requestId", id).put("reason", "timeout");
            try {
                write(on, Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/cancelled")
                        .set("params", cancel));
            } catch (McpManagerException ignored) {
                // the process is gone: nothing to cancel
            }
            throw McpManagerException.timeout(config, "no answer", deadline.budget());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw McpManagerException.unavailable(config, "interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof McpManagerException failure ? failure
                    : McpManagerException.unavailable(config, String.valueOf(e.getCause()), e.getCause());
        } finally {
            on.pending().remove(id);
        }
    }

    private void write(Running on, ObjectNode message) {
        byte[] line = (Json.write(message) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (on.stdin()) {
            try {
                on.stdin().write(line);
                on.stdin().flush();
            } catch (IOException e) {
                throw McpManagerException.unavailable(config, "cannot write to the process: " + e.getMessage(), e);
            }
        }
    }

    /** Responses complete their requests; the server's own requests are refused (we offer no capabilities). */
    private void readOutput(Running on) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(on.process().getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                JsonNode message;
                try {
                    message = Json.parse(line);
                } catch (IOException e) {
                    continue; // not a protocol line: a server that logs to stdout
                }
                if (message.has("method") && message.has("id")) {
                    ObjectNode refusal = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0");
                    refusal.set("id", message.get("id"));
                    refusal.putObject("error").put("code", -32601).put("message", "Method not found");
                    write(on, refusal);
                } else if (message.has("id") && (message.has("result") || message.has("error"))) {
                    CompletableFuture<JsonNode> waiting = on.pending().get(message.get("id").asLong());
                    if (waiting != null) {
                        waiting.complete(message);
                    }
                }
            }
        } catch (IOException | McpManagerException e) {
            // the process is going away: the pending requests hear of it below
        }
        String exit;
        try {
            exit = on.process().waitFor(5, TimeUnit.SECONDS) ? "code " + on.process().exitValue() : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = "interrupted";
        }
        String last;
        synchronized (on.lastError()) {
            last = on.lastError().isEmpty() ? "" : ": " + on.lastError();
        }
        McpManagerException gone = McpManagerException.unavailable(config, "the process closed its output (" + exit + ")" + last, null);
        on.pending().values().forEach(f -> f.completeExceptionally(gone));
    }

    /** Keeps the last line the process wrote to stderr, for the message when it dies. */
    private void readErrors(Running on) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(on.process().getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                if (!line.isBlank()) {
                    synchronized (on.lastError()) {
                        on.lastError().setLength(0);
                        on.lastError().append(line.length() > 300 ? line.substring(0, 300) + "..." : line.strip());
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Closes the process's stdin (a stdio server's signal to stop), and kills it if it is still there 5 s later. */
    @Override
    public synchronized void close() {
        Running current = running;
        running = null;
        if (current == null) {
            return;
        }
        try {
            current.stdin().close();
        } catch (IOException e) {
            // it is dying anyway
        }
        current.process().onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).thenRun(() -> current.process().destroyForcibly());
    }
}
