package dev.mxcp.host.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * MXCP's span attributes, each key made once: the SDK hashes a key, and the exporter encodes its name, once per
 * key object rather than once per span.
 */
public final class SpanKeys {

    public static final AttributeKey<String> ENDPOINT_NAME = AttributeKey.stringKey("mxcp.endpoint.name");
    public static final AttributeKey<String> ENDPOINT_TYPE = AttributeKey.stringKey("mxcp.endpoint.type");
    public static final AttributeKey<Boolean> AUTHENTICATED = AttributeKey.booleanKey("mxcp.auth.authenticated");
    public static final AttributeKey<String> AUTH_PROVIDER = AttributeKey.stringKey("mxcp.auth.provider");
    public static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("mxcp.session.id");

    public static final AttributeKey<Boolean> VALIDATION_PASSED = AttributeKey.booleanKey("mxcp.validation.passed");

    public static final AttributeKey<String> LANGUAGE = AttributeKey.stringKey("mxcp.execution.language");
    public static final AttributeKey<Long> PARAMS_COUNT = AttributeKey.longKey("mxcp.params.count");
    public static final AttributeKey<Boolean> HAS_INPUT_SCHEMA = AttributeKey.booleanKey("mxcp.has_input_schema");
    public static final AttributeKey<Boolean> HAS_OUTPUT_SCHEMA = AttributeKey.booleanKey("mxcp.has_output_schema");
    public static final AttributeKey<Long> RESULT_COUNT = AttributeKey.longKey("mxcp.result.count");

    public static final AttributeKey<Long> POLICY_COUNT = AttributeKey.longKey("mxcp.policy.count");
    public static final AttributeKey<Boolean> POLICY_HAS_USER = AttributeKey.booleanKey("mxcp.policy.has_user");
    public static final AttributeKey<String> POLICY_DECISION = AttributeKey.stringKey("mxcp.policy.decision");
    public static final AttributeKey<Long> POLICY_EVALUATED_COUNT = AttributeKey.longKey("mxcp.policy.evaluated_count");
    public static final AttributeKey<Long> POLICY_RULES_EVALUATED = AttributeKey.longKey("mxcp.policy.rules_evaluated");

    public static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    public static final AttributeKey<String> DB_STATEMENT_HASH = AttributeKey.stringKey("db.statement.hash");
    public static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation");
    public static final AttributeKey<Long> DB_PARAMETERS_COUNT = AttributeKey.longKey("db.parameters.count");
    public static final AttributeKey<Boolean> DB_READONLY = AttributeKey.booleanKey("db.readonly");
    public static final AttributeKey<Long> DB_ROWS_AFFECTED = AttributeKey.longKey("db.rows_affected");

    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** MXCP's {@code mxcp.python.execute} span and its attributes, or their JavaScript counterparts. */
    public record Guest(String span, AttributeKey<String> type, AttributeKey<String> name, AttributeKey<Long> paramsCount) {

        public static final Guest PYTHON = of("python");
        public static final Guest JAVASCRIPT = of("javascript");

        private static Guest of(String language) {
            String prefix = "mxcp." + language;
            return new Guest(prefix + ".execute", AttributeKey.stringKey(prefix + ".type"),
                    AttributeKey.stringKey(prefix + ".name"), AttributeKey.longKey(prefix + ".params.count"));
        }
    }

    private SpanKeys() {
    }
}
