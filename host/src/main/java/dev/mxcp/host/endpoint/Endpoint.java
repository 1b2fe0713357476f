package dev.mxcp.host.endpoint;

import dev.mxcp.policy.PolicyRules;
import java.nio.file.Path;

/**
 * A loaded endpoint: its definition, the file it came from, its code (SQL text read from
 * {@code source.file}, inline code, or null for prompts) and its policies, compiled.
 *
 * @param file the YAML file that defines it; null for the {@linkplain BuiltInSqlTools built-in SQL tools}
 * @param codeFile the resolved {@code source.file}, or null for inline code and prompts
 * @param policyRules the definition's {@code policies:}, compiled when the file loaded
 */
public record Endpoint(EndpointDef definition, Path file, String code, Path codeFile, PolicyRules policyRules) {

    public Endpoint {
        policyRules = policyRules == null ? PolicyRules.NONE : policyRules;
    }

    /** An endpoint without policies. */
    public Endpoint(EndpointDef definition, Path file, String code, Path codeFile) {
        this(definition, file, code, codeFile, PolicyRules.NONE);
    }

    /** This endpoint with its compiled policies. */
    Endpoint withPolicyRules(PolicyRules rules) {
        return new Endpoint(definition, file, code, codeFile, rules);
    }

    public EndpointDef.Kind kind() {
        return definition.kind();
    }

    public String key() {
        return definition.key();
    }

    /** How people refer to it: "tool 'name'", "resource 'uri'", "prompt 'name'". */
    public String label() {
        return kind().yamlName() + " '" + key() + "'";
    }
}
