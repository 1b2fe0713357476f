package dev.mxcp.host.db;

import dev.mxcp.host.base.MxcpException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The SQL the host runs on its own when a database or connection opens: extension loading, secret creation,
 * and the caller macros. Everything taken from configuration is validated or quoted here, since MXCP itself
 * pastes names and values into the SQL unescaped.
 */
final class DuckDbSetup {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The session variable holding the current caller; the macros below read it. */
    static final String CALLER_VARIABLE = "mxcp_caller";

    private static final String CALLER_TYPE = "STRUCT(username VARCHAR, email VARCHAR, provider VARCHAR,"
            + " external_token VARCHAR, headers MAP(VARCHAR, VARCHAR), headers_json VARCHAR)";

    /** Sets the caller from six parameters, typed so that the macros bind the same with or without one. */
    static final String SET_CALLER = "SET VARIABLE " + CALLER_VARIABLE + " = {'username': $1::VARCHAR,"
            + " 'email': $2::VARCHAR, 'provider': $3::VARCHAR, 'external_token': $4::VARCHAR,"
            + " 'headers': $5::MAP(VARCHAR, VARCHAR), 'headers_json': $6::VARCHAR}";

    /** No caller: a NULL of the caller's type. */
    static final String CLEAR_CALLER = "SET VARIABLE " + CALLER_VARIABLE + " = NULL::" + CALLER_TYPE;

    /** MXCP's built-in SQL functions, as temporary (per-connection) macros over the caller variable. */
    static final List<String> CALLER_MACROS = List.of(
            macro("get_username()", "username"),
            macro("get_user_email()", "email"),
            macro("get_user_provider()", "provider"),
            macro("get_user_external_token()", "external_token"),
            macro("get_request_header(name)", "headers[lower(name)]"),
            macro("get_request_headers_json()", "headers_json"));

    /** Lower-case fragments whose presence in SQL means it may read the caller (see {@link #readsCaller}). */
    private static final List<String> CALLER_MARKERS = List.of("get_user", "get_request_header", CALLER_VARIABLE);

    private DuckDbSetup() {
    }

    private static String macro(String signature, String field) {
        return "CREATE OR REPLACE TEMPORARY MACRO " + signature + " AS getvariable('" + CALLER_VARIABLE + "')." + field;
    }

    /** A cheap textual check, so that only SQL naming a caller function pays for setting the caller. */
    static boolean readsCaller(String sql) {
        for (String marker : CALLER_MARKERS) {
            for (int i = 0; i + marker.length() <= sql.length(); i++) {
                if (sql.regionMatches(true, i, marker, 0, marker.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    static String installSql(ExtensionSpec extension) {
        String name = extensionName(extension);
        if (extension.repo() == null) {
            return "INSTALL " + name;
        }
        String repo = IDENTIFIER.matcher(extension.repo()).matches() ? extension.repo() : literal(extension.repo());
        return "INSTALL " + name + " FROM " + repo;
    }

    static String loadSql(ExtensionSpec extension) {
        return "LOAD " + extensionName(extension);
    }

    private static String extensionName(ExtensionSpec extension) {
        if (!IDENTIFIER.matcher(extension.name()).matches()) {
            throw new MxcpException("Invalid DuckDB extension name '" + extension.name() + "'");
        }
        return extension.name();
    }

    /**
     * {@code CREATE OR REPLACE TEMPORARY SECRET name (TYPE type, KEY 'value', KEY MAP {'k': 'v'})}. Temporary
     * secrets belong to the database instance, which every pooled connection (and a reopened DuckDb on the same
     * file) shares, hence OR REPLACE.
     */
    static String createSecretSql(SecretSpec secret) {
        String parameters = secret.parameters().entrySet().stream()
                .map(p -> identifier(p.getKey()) + " " + value(p.getValue()))
                .collect(Collectors.joining(", "));
        return "CREATE OR REPLACE TEMPORARY SECRET " + identifier(secret.name())
                + " (TYPE " + identifier(secret.type()) + ", " + parameters + ")";
    }

    private static String value(Object value) {
        return switch (value) {
            case null -> "NULL";
            case Map<?, ?> map -> map.entrySet().stream()
                    .map(e -> literal(String.valueOf(e.getKey())) + ": " + value(e.getValue()))
                    .collect(Collectors.joining(", ", "MAP {", "}"));
            case List<?> list -> list.stream().map(DuckDbSetup::value).collect(Collectors.joining(", ", "[", "]"));
            default -> literal(value.toString());
        };
    }

    /** A name as is when it is a plain identifier, else double-quoted. */
    static String identifier(String name) {
        return IDENTIFIER.matcher(name).matches() ? name : DuckParams.quoteIdentifier(name);
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** The name of the host function behind the SQL function {@code name} (see {@link #functionMacro}). */
    static String hostFunction(String name) {
        return "mxcp_udf_" + name;
    }

    /**
     * The SQL function as a temporary (per-connection) macro over its host function, which is the same for every
     * connection and takes the connection's id first, so that the call is routed to whoever runs this
     * connection's statements. Arguments are cast to the declared type (as a typed function would convert them);
     * those of types that do not {@linkplain SqlFunctions.Definition#isDirect cross directly} go as their JSON,
     * and such a result is cast from JSON to the declared type.
     */
    static String functionMacro(long connection, SqlFunctions.Definition function) {
        StringBuilder parameters = new StringBuilder();
        StringBuilder arguments = new StringBuilder().append(connection);
        List<String> types = function.parameterTypes();
        for (int i = 0; i < types.size(); i++) {
            String parameter = "mxcp_arg" + (i + 1);
            parameters.append(i == 0 ? "" : ", ").append(parameter);
            String cast = "CAST(" + parameter + " AS " + types.get(i) + ")";
            arguments.append(", ").append(SqlFunctions.Definition.isDirect(types.get(i)) ? cast
                    : "CAST(to_json(" + cast + ") AS VARCHAR)");
        }
        String call = identifier(hostFunction(function.name())) + "(" + arguments + ")";
        String body = SqlFunctions.Definition.isDirect(function.returnType()) ? call
                : "CAST(CAST(" + call + " AS JSON) AS " + function.returnType() + ")";
        return "CREATE OR REPLACE TEMPORARY MACRO " + identifier(function.name()) + "(" + parameters + ") AS " + body;
    }
}
