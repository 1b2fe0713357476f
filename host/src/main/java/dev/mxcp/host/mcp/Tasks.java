package dev.mxcp.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.CallerContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tasks extension ({@value #EXTENSION}, SEP-2663) of the 2026-07-28 wire. A call of a tool whose
 * {@code task_support} allows it, in a request that declares the extension, returns at once with a task that the
 * client polls ({@code tasks/get}: status, then the inlined result or error), answers ({@code tasks/update}) and
 * may cancel ({@code tasks/cancel}). The call runs on its own virtual thread. A run whose code asks the client for
 * input ends with the task {@code input_required} and its requests; once every one is answered the call runs
 * again from the start with the answers, as a multi round-trip retry does, so the same guest code serves both.
 *
 * <p>Tasks live in this process's memory (a balancer routes {@code tasks/*} by their {@code Mcp-Name}, the task
 * id, to the replica that holds them) for {@link #TTL} after they are created, at most {@link #LIMIT} at once.
 * A task is its creator's: another authenticated caller is told it does not exist. A drain waits for running
 * tasks as for any call in flight, and cancels them at its deadline.
 */
final class Tasks implements AutoCloseable {

    static final String EXTENSION = "io.modelcontextprotocol/tasks";
    static final Duration TTL = Duration.ofHours(1);
    static final long POLL_INTERVAL_MS = 500;
    static final int LIMIT = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where a background run's notifications go: nowhere, as no request is open to carry them. */
    private static final ResponseStream NOWHERE = new ResponseStream() {
        @Override
        public boolean send(byte[] frame) {
            return false;
        }

        @Override
        public void respond(byte[] response) {
        }

        @Override
        public void abandon() {
        }
    };

    private final ToolsHandler tools;
    private final Duration clientTimeout;
    private final Set<RequestChannel> running;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();

    /** @param running the server's calls in flight, which a drain waits for: runs of tasks join them */
    Tasks(ToolsHandler tools, Duration clientTimeout, Set<RequestChannel> running) {
        this.tools = tools;
        this.clientTimeout = clientTimeout;
        this.running = running;
    }

    /** Whether the request declared the extension in its client capabilities. */
    static boolean declared(RequestMeta meta) {
        return meta != null && meta.clientCapabilities().path("extensions").has(EXTENSION);
    }

    /** -32021 for a request that needs the extension and did not declare it. */
    static McpError notDeclared() {
        return McpError.missingCapability("extensions." + EXTENSION,
                Map.of("extensions", Map.of(EXTENSION, Map.of())));
    }

    /** Creates the task of a {@code tools/call} and starts it; its {@code CreateTaskResult} fields. */
    Map<String, Object> start(Session session, ObjectNode params, CallerContext caller, RequestMeta meta) {
        expire();
        if (tasks.size() >= LIMIT) {
            throw new McpError(McpError.INTERNAL_ERROR, "this server holds " + LIMIT
                    + " tasks already; try again when some have ended", null);
        }
        Task task = new Task(newId(), session, params.deepCopy(), caller, meta);
        tasks.put(task.id, task); // before the answer: a tasks/get right after it must find the task
        Map<String, Object> created = task.view(false); // as created: a quick call may end before the answer is sent
        Thread.ofVirtual().name("mxcp-task-" + task.id).start(() -> run(task));
        return created;
    }

    /** {@code tasks/get}: the task's state, with its result, error or input requests. */
    Map<String, Object> get(ObjectNode params, CallerContext caller) {
        return find(params, caller).view(true);
    }

    /**
     * {@code tasks/update}: answers to the task's input requests, by their keys (keys it did not ask are
     * ignored); once all are answered the call runs again. An empty acknowledgement.
     */
    Map<String, Object> update(ObjectNode params, CallerContext caller) {
        Task task = find(params, caller);
        if (task.answer(InputRound.responses(params.path("inputResponses")))) {
            Thread.ofVirtual().name("mxcp-task-" + task.id).start(() -> run(task));
        }
        return Map.of();
    }

    /** {@code tasks/cancel}: stops a task that has not ended (an ended one stays as it is). An empty acknowledgement. */
    Map<String, Object> cancel(ObjectNode params, CallerContext caller) {
        find(params, caller).cancel();
        return Map.of();
    }

    /** Cancels the tasks still running: the server is going away. */
    @Override
    public void close() {
        tasks.values().forEach(Task::cancel);
    }

    private Task find(ObjectNode params, CallerContext caller) {
        String id = Params.text(params, "taskId");
        Task task = tasks.get(id);
        if (task == null || !task.ownedBy(caller.user()) || task.expired(Instant.now())) {
            throw McpError.invalidParams("Unknown task: " + id);
        }
        return task;
    }

    /** One run of the task's call, from the start, with the answers collected so far. */
    private void run(Task task) {
        RequestChannel channel = new RequestChannel(task.session, NOWHERE, null, clientTimeout, task.caller, task.meta);
        if (!task.begin(channel)) {
            return;
        }
        running.add(channel);
        try {
            Map<String, Object> result = tools.call(task.params, channel);
            if (!channel.missingCapabilities().isEmpty()) {
                task.fail(McpError.missingCapability(String.join(", ", channel.missingCapabilities().keySet()),
                        Map.copyOf(channel.missingCapabilities())));
            } else if (!channel.inputs().pending().isEmpty()) {
                task.needInput(channel.inputs().pending());
            } else {
                task.complete(result);
            }
        } catch (RuntimeException e) {
            task.fail(ModernHandler.error(Errors.toMcpError(e, "tools/call")));
        } finally {
            channel.finish();
            running.remove(channel);
        }
    }

    private void expire() {
        Instant now = Instant.now();
        tasks.values().removeIf(task -> task.expired(now));
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** One task; its state changes under its own lock. */
    private static final class Task {
        final String id;
        final Session session;
        final ObjectNode params;
        final CallerContext caller;
        final RequestMeta meta;
        final Instant created = Instant.now();
        private Instant updated = created;
        private String status = "working";
        private Map<String, Object> result;
        private Map<String, Object> error;
        private final Map<String, Map<String, Object>> inputRequests = new LinkedHashMap<>();
        private final Map<String, JsonNode> answers = new LinkedHashMap<>();
        private RequestChannel running;

        Task(String id, Session session, ObjectNode params, CallerContext caller, RequestMeta meta) {
            this.id = id;
            this.session = session;
            this.params = params;
            this.caller = caller;
            this.meta = meta;
        }

        boolean ownedBy(UserContext user) {
            UserContext owner = caller.user();
            return owner == null || user != null && Objects.equals(owner.userId(), user.userId())
                    && Objects.equals(owner.provider(), user.provider());
        }

        /** Ended (or never running) tasks go once their time is up; a running one stays until it ends. */
        synchronized boolean expired(Instant now) {
            return running == null && created.plus(TTL).isBefore(now);
        }

        /** A run starts with the answers so far; false when the task was cancelled meanwhile. */
        synchronized boolean begin(RequestChannel channel) {
            if (terminal()) {
                return false;
            }
            channel.inputs().addAnswers(answers);
            running = channel;
            return true;
        }

        synchronized void complete(Map<String, Object> toolResult) {
            if (settle("completed")) {
                result = toolResult;
            }
        }

        synchronized void fail(McpError failure) {
            if (settle("failed")) {
                Map<String, Object> shape = new LinkedHashMap<>();
                shape.put("code", failure.code());
                shape.put("message", failure.getMessage());
                if (failure.data() != null) {
                    shape.put("data", failure.data());
                }
                error = shape;
            }
        }

        synchronized void needInput(Map<String, Map<String, Object>> requests) {
            if (settle("input_required")) {
                inputRequests.putAll(requests);
            }
        }

        /** Takes the answers; true when the last open request is answered and the call should run again. */
        synchronized boolean answer(Map<String, JsonNode> given) {
            if (!status.equals("input_required")) {
                return false;
            }
            given.forEach((key, value) -> {
                if (inputRequests.remove(key) != null) {
                    answers.put(key, value);
                }
            });
            updated = Instant.now();
            if (!inputRequests.isEmpty()) {
                return false;
            }
            status = "working";
            return true;
        }

        void cancel() {
            RequestChannel run;
            synchronized (this) {
                if (terminal()) {
                    return;
                }
                status = "cancelled";
                updated = Instant.now();
                inputRequests.clear();
                run = running;
            }
            if (run != null) { // outside the lock: the run's own thread settles it and must not wait for us
                run.cancellation().cancel("the task was cancelled (tasks/cancel)");
            }
        }

        /** Moves a running task to {@code next}; false when it ended meanwhile (cancelled). */
        private boolean settle(String next) {
            running = null;
            if (terminal()) {
                return false;
            }
            status = next;
            updated = Instant.now();
            return true;
        }

        private boolean terminal() {
            return status.equals("completed") || status.equals("failed") || status.equals("cancelled");
        }

        /** The task as the wire shows it; {@code detailed} adds its result, error or input requests. */
        synchronized Map<String, Object> view(boolean detailed) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("taskId", id);
            out.put("status", status);
            out.put("createdAt", created.toString());
            out.put("lastUpdatedAt", updated.toString());
            out.put("ttlMs", TTL.toMillis());
            out.put("pollIntervalMs", POLL_INTERVAL_MS);
            if (detailed) {
                switch (status) {
                    case "completed" -> out.put("result", result);
                    case "failed" -> out.put("error", error);
                    case "input_required" -> out.put("inputRequests", new LinkedHashMap<>(inputRequests));
                    default -> {
                    }
                }
            }
            return out;
        }
    }
}
