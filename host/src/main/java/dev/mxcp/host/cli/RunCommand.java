package dev.mxcp.host.cli;

import dev.mxcp.guest.UserContext;
import dev.mxcp.host.base.CallContext;
import dev.mxcp.host.base.CallerContext;
import dev.mxcp.host.endpoint.EndpointDef;
import dev.mxcp.host.engine.CallResult;
import dev.mxcp.host.engine.ProjectRuntime;
import dev.mxcp.host.engine.ServedEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mxcp run tool|resource|prompt NAME --param k=v}: runs one endpoint once and prints its result. */
@Command(name = "run", description = "Run a tool, resource or prompt once.")
final class RunCommand extends ProjectCommand {

    @Parameters(index = "0", paramLabel = "TYPE", description = "tool, resource or prompt")
    EndpointDef.Kind kind;

    @Parameters(index = "1", paramLabel = "NAME", description = "Endpoint name (resources: URI or name)")
    String name;

    @Option(names = {"--param", "-p"}, paramLabel = "NAME=VALUE", description = "A parameter; NAME=@file.json loads JSON.")
    List<String> params = new ArrayList<>();

    @Option(names = {"--user-context", "-u"}, paramLabel = "JSON|@FILE", description = "The caller, as JSON.")
    String userContext;

    @Option(names = "--request-headers", paramLabel = "JSON|@FILE", description = "HTTP request headers, as JSON.")
    String requestHeaders;

    @Option(names = "--skip-output-validation", description = "Do not check the result against the return type.")
    boolean skipOutputValidation;

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) {
        // MXCP's order: the user context, the headers and the parameters are read before the endpoint is looked up
        CallerContext caller = new CallerContext(user(userContext), headers(requestHeaders));
        Map<String, Object> args = ParamOptions.parse(params);
        ServedEndpoint endpoint = runtime.served().require(kind, name);
        CallResult result = runtime.call(endpoint.call(args, CallContext.of(caller), !skipOutputValidation));
        printResult(cli, result.plain());
        return 0;
    }

    /** MXCP's CLI caller: provider "cli", user id and username "cli_user" unless the JSON says otherwise. */
    static UserContext user(String json) {
        if (json == null) {
            return null;
        }
        if (!(ParamOptions.jsonArgument("user context", json) instanceof Map<?, ?> map)) {
            throw new UsageException("User context must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> profile = (Map<String, Object>) map;
        return UserContext.fromProfile("cli", "cli_user", profile);
    }

    static Map<String, String> headers(String json) {
        if (json == null) {
            return null; // no headers: get_request_headers_json() is NULL, as in MXCP
        }
        if (!(ParamOptions.jsonArgument("request headers", json) instanceof Map<?, ?> map)) {
            throw new UsageException("Request headers must be a JSON object");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        map.forEach((k, v) -> headers.put(String.valueOf(k).toLowerCase(java.util.Locale.ROOT), String.valueOf(v)));
        return headers;
    }
}
