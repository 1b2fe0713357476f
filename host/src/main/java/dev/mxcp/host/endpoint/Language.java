package dev.mxcp.host.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The language an endpoint is written in; SQL unless the endpoint says otherwise (as in MXCP). */
public enum Language {
    @JsonProperty("sql") SQL,
    @JsonProperty("python") PYTHON,
    @JsonProperty("javascript") @com.fasterxml.jackson.annotation.JsonAlias("js") JAVASCRIPT;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
