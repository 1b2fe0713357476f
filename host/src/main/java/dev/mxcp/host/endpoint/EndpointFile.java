package dev.mxcp.host.endpoint;

import java.util.Map;

/** The top level of an endpoint YAML file: a version and exactly one of tool, resource or prompt. */
record EndpointFile(Object mxcp, ToolDef tool, ResourceDef resource, PromptDef prompt, Map<String, Object> metadata) {

    EndpointFile {
        if (mxcp != null && !mxcp.equals(1) && !"1".equals(mxcp)) {
            throw new IllegalArgumentException("unsupported version " + mxcp + " (expected 'mxcp: 1')");
        }
        int defined = (tool != null ? 1 : 0) + (resource != null ? 1 : 0) + (prompt != null ? 1 : 0);
        if (defined != 1) {
            throw new IllegalArgumentException("a file defines exactly one of 'tool', 'resource' or 'prompt'");
        }
    }

    EndpointDef definition() {
        return tool != null ? tool : resource != null ? resource : prompt;
    }
}
