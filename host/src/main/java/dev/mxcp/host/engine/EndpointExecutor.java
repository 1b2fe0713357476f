package dev.mxcp.host.engine;

import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.Cancellation;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.db.DbSession;
import dev.mxcp.host.db.DuckDb;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.endpoint.Executable;
import dev.mxcp.host.endpoint.PromptDef;
import dev.mxcp.host.endpoint.ResourceDef;
import dev.mxcp.host.endpoint.ToolDef;
import dev.mxcp.host.polyglot.GuestRuntime;
import java.util.Map;
import java.util.function.Supplier;

/** One call of one endpoint: validate the input, run the SQL or guest code or render the prompt, shape and validate the output. */
final class EndpointExecutor implements AutoCloseable {

    private final Supplier<DuckDb> database;
    private final Supplier<GuestRuntime> guests;
    private final PromptRenderer prompts;
    private final SqlProgress progress = new SqlProgress();

    EndpointExecutor(Supplier<DuckDb> database, Supplier<GuestRuntime> guests, PromptRenderer prompts) {
        this.database = database;
        this.guests = guests;
        this.prompts = prompts;
    }

    Object execute(Call call) {
        Endpoint endpoint = call.target().endpoint();
        CallContext context = call.context();
        EndpointDef def = endpoint.definition();
        if (!def.policies().isEmpty()) {
            // Failing closed: serving an endpoint without the policies its author wrote would leak data.
            throw new MxcpException(endpoint.label() + " declares policies, which this version does not enforce yet;"
                    + " refusing to run it without them");
        }
        Map<String, Object> args = InputConverter.convert(def.parameters(), call.arguments());
        Object result = switch (def) {
            case PromptDef prompt -> prompts.render(prompt, args);
            case ToolDef tool -> runCode(endpoint, tool, args, context);
            case ResourceDef resource -> runCode(endpoint, resource, args, context);
        };
        if (def.returns() != null && !(def instanceof PromptDef) && !RichResults.isRich(result)) {
            try {
                result = ResultShaper.shape(def.returns(), result);
                if (call.validateOutput()) {
                    OutputValidator.validate(def.returns(), result);
                }
            } catch (MxcpException e) {
                throw new MxcpException(endpoint.label() + ": " + e.getMessage(), e);
            }
        }
        return result;
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

    private Object runSql(Endpoint endpoint, Map<String, Object> args, CallContext context) {
        try (DbSession session = database.get().session();
             Cancellation.Registration cancel = context.cancellation().onCancel(session::cancel);
             Cancellation.Registration reporting = progress.report(session, context.channel())) {
            if (context.cancellation().isCancelled()) {
                throw new MxcpException("cancelled: " + context.cancellation().reason());
            }
            return session.execute(endpoint.code(), args, context.caller()).rows();
        } catch (MxcpException e) {
            throw new MxcpException(endpoint.label() + ": " + e.getMessage(), e);
        }
    }

    /** Stops the progress reports' timer. */
    @Override
    public void close() {
        progress.close();
    }
}
