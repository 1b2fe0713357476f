package dev.mxcp.host.engine;

import dev.mxcp.guest.Content;
import dev.mxcp.guest.Elicitation;
import dev.mxcp.guest.ToolResult;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.Cancellation;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.SiteConfig;
import dev.mxcp.host.db.DbSession;
import dev.mxcp.host.db.DuckDb;
import dev.mxcp.host.endpoint.BuiltInSqlTools;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.Executable;
import dev.mxcp.host.endpoint.PromptDef;
import dev.mxcp.host.endpoint.ResourceDef;
import dev.mxcp.host.endpoint.ToolDef;
import dev.mxcp.host.endpoint.TypeSpec;
import dev.mxcp.host.polyglot.GuestRuntime;
import dev.mxcp.host.telemetry.SpanKeys;
import dev.mxcp.host.telemetry.Traced;
import dev.mxcp.host.telemetry.Traces;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One call of one endpoint: validate the input, run the SQL or guest code or render the prompt (or have the
 * {@link Gateway} forward it), shape and validate the output.
 */
final class EndpointExecutor implements AutoCloseable {

    private final Supplier<DuckDb> database;
    private final Supplier<GuestRuntime> guests;
    private final Supplier<Gateway> gateway;
    private final PromptRenderer prompts;
    private final int sqlTimeoutSeconds;
    private final SqlTimers sqlTimers = new SqlTimers();
    private final CallMetrics metrics;

    EndpointExecutor(Supplier<DuckDb> database, Supplier<GuestRuntime> guests, Supplier<Gateway> gateway,
                     PromptRenderer prompts, SiteConfig.Sql sql, CallMetrics metrics) {
        this.metrics = metrics;
        this.database = database;
        this.guests = guests;
        this.gateway = gateway;
        this.prompts = prompts;
        this.sqlTimeoutSeconds = sql.timeoutSeconds();
    }

    /**
     * Runs the call and decides, once, what kind of result it gave. The endpoint's input {@code policies} see the
     * converted arguments before anything runs; its output policies see the result after it is shaped and checked.
     */
    CallResult execute(Call call, PolicyCheck policies) {
        Endpoint endpoint = call.target().endpoint();
        EndpointDef def = endpoint.definition();
        Map<String, Object> args;
        try (Traced span = Traces.start("mxcp.validation.input")) {
            args = InputConverter.convert(def.parameters(), call.arguments());
            span.set(SpanKeys.VALIDATION_PASSED, true);
        }
        policies.checkInput(args);
        Gateway upstream = gateway.get();
        CallResult result = upstream != null && upstream.serves(endpoint) ? upstream.call(endpoint, args, call.context())
                : switch (def) {
            case PromptDef prompt -> new CallResult.Messages(prompts.render(prompt, withAnswers(prompt, args, call)));
            case ToolDef tool -> run(endpoint, tool, args, call);
            case ResourceDef resource -> run(endpoint, resource, args, call);
        };
        return policies.applyOutput(result);
    }

    /**
     * The arguments and, under their keys, the user's answers to the prompt's {@code asks}. A question the user
     * declines or cancels fails the prompt: its messages need the answer.
     */
    private static Map<String, Object> withAnswers(PromptDef prompt, Map<String, Object> args, Call call) {
        if (prompt.asks().isEmpty()) {
            return args;
        }
        Map<String, Object> all = new java.util.LinkedHashMap<>(args);
        for (PromptDef.Ask ask : prompt.asks()) {
            Elicitation.Result answer = call.context().channel().elicit(
                    new Elicitation.Request(ask.message(), ask.schema(), ask.key()));
            if (answer.action() != Elicitation.Action.ACCEPT) {
                throw new MxcpException("prompt '" + prompt.name() + "': the user did not answer '" + ask.key()
                        + "' (" + answer.action().name().toLowerCase(Locale.ROOT) + ")");
            }
            all.put(ask.key(), answer.content());
        }
        return all;
    }

    /** MXCP's {@code mxcp.execution_engine.execute}: the code, then its result shaped and checked. */
    private CallResult run(Endpoint endpoint, Executable executable, Map<String, Object> args, Call call) {
        String language = executable.language().name().toLowerCase(Locale.ROOT);
        AtomicInteger running = metrics.executionStarted(language);
        boolean succeeded = false;
        try (Traced span = Traces.start("mxcp.execution_engine.execute")) {
            span.set(SpanKeys.LANGUAGE, language)
                    .set(SpanKeys.PARAMS_COUNT, args.size())
                    .set(SpanKeys.HAS_INPUT_SCHEMA, !endpoint.definition().parameters().isEmpty())
                    .set(SpanKeys.HAS_OUTPUT_SCHEMA, endpoint.definition().returns() != null);
            CallResult result = result(endpoint, runCode(endpoint, executable, args, call.context()), call.validateOutput());
            if (span.recording() && result instanceof CallResult.Value(Object value)) {
                span.set(SpanKeys.RESULT_COUNT, value instanceof List<?> list ? list.size() : 1);
            }
            succeeded = true;
            return result;
        } finally {
            running.decrementAndGet();
            metrics.executed(language, succeeded);
        }
    }

    /** Content the code made itself is sent as it is; plain data is fitted to the return type and checked. */
    private static CallResult result(Endpoint endpoint, Object returned, boolean validateOutput) {
        ToolResult rich = rich(returned);
        if (rich != null) {
            return new CallResult.Rich(rich, returned);
        }
        TypeSpec returns = endpoint.definition().returns();
        if (returns == null) {
            return new CallResult.Value(returned);
        }
        try (Traced span = Traces.start("mxcp.validation.output")) {
            Object shaped = ResultShaper.shape(returns, returned);
            if (validateOutput) {
                OutputValidator.validate(returns, shaped);
            }
            span.set(SpanKeys.VALIDATION_PASSED, true);
            return new CallResult.Value(shaped);
        } catch (MxcpException e) {
            throw new MxcpException(endpoint.label() + ": " + e.getMessage(), e);
        }
    }

    /** The content as a full tool result: a ToolResult, one Content, or a non-empty list of them; else null. */
    private static ToolResult rich(Object returned) {
        return switch (returned) {
            case ToolResult full -> full;
            case Content one -> ToolResult.of(one);
            case List<?> list when !list.isEmpty() && list.stream().allMatch(Content.class::isInstance) ->
                    new ToolResult(list.stream().map(Content.class::cast).toList(), null, false);
            case null, default -> null;
        };
    }

    private Object runCode(Endpoint endpoint, Executable executable, Map<String, Object> args, CallContext context) {
        return switch (executable.language()) {
            case SQL -> runSql(endpoint, args, context);
            case PYTHON, JAVASCRIPT -> runGuest(endpoint, args, context);
        };
    }

    /** A cancellation stops the guest's worker (which is then replaced), like a timeout. */
    private Object runGuest(Endpoint endpoint, Map<String, Object> args, CallContext context) {
        if (context.cancellation().isCancelled()) {
            throw new MxcpException(endpoint.label() + ": cancelled: " + context.cancellation().reason());
        }
        return guests.get().call(endpoint, args, context);
    }

    /**
     * The statement stops, and its connection goes back to the pool, when the call is cancelled or runs past
     * its limit (its own {@code timeout_seconds}, else {@code sql.timeout_seconds}): both interrupt it in DuckDB.
     */
    private Object runSql(Endpoint endpoint, Map<String, Object> args, CallContext context) {
        SqlTimers.Timeout timeout = null;
        Integer own = ((Executable) endpoint.definition()).timeoutSeconds();
        int seconds = own != null ? own : sqlTimeoutSeconds;
        try (DbSession session = database.get().session();
             Cancellation.Registration cancel = context.cancellation().onCancel(session::cancel);
             SqlTimers.Timeout limit = sqlTimers.timeout(session, seconds);
             Cancellation.Registration reporting = sqlTimers.report(session, context.channel())) {
            timeout = limit;
            if (context.cancellation().isCancelled()) {
                throw new MxcpException("cancelled: " + context.cancellation().reason());
            }
            return BuiltInSqlTools.runsItsArgument(endpoint)
                    ? session.execute((String) args.get("sql"), Map.of(), context.caller()).rows()
                    : session.execute(endpoint.code(), args, context.caller()).rows();
        } catch (MxcpException e) {
            if (timeout != null && timeout.fired()) {
                throw new MxcpException(endpoint.label() + " timed out: stopped after " + seconds + " s (the limit is "
                        + (own != null ? "its timeout_seconds" : "sql.timeout_seconds in mxcp-site.yml") + ")", e);
            }
            throw new MxcpException(endpoint.label() + ": " + e.getMessage(), e);
        }
    }

    /** Stops the SQL timers' thread. */
    @Override
    public void close() {
        sqlTimers.close();
    }
}
