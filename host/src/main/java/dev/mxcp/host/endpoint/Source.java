package dev.mxcp.host.endpoint;

/**
 * Where an endpoint's code is: inline {@code code} or a {@code file} (relative to the YAML file, or to the
 * project root when it starts with {@code /}). Exactly one of the two.
 */
public record Source(String code, String file, Language language) {

    public Source {
        if ((code == null) == (file == null)) {
            throw new IllegalArgumentException("source needs exactly one of 'code' or 'file'");
        }
    }
}
