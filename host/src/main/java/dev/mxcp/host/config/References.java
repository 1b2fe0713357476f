package dev.mxcp.host.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves external references in user-config values: {@code ${VAR}} anywhere in a string, and whole
 * strings starting with {@code file://}. {@code vault://} and {@code op://} are recognised and refused clearly.
 */
final class References {

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private final YamlDocument document;
    private final Map<String, String> env;
    private final Path baseDir;

    /** {@code baseDir} anchors relative {@code file://} paths (the project root, where MXCP users run it). */
    References(YamlDocument document, Map<String, String> env, Path baseDir) {
        this.document = document;
        this.env = env;
        this.baseDir = baseDir;
    }

    /** A copy of {@code value} (found at {@code path}) with every reference inside it resolved. */
    Object resolve(Object value, List<Object> path) {
        if (value instanceof String text) {
            return resolveString(text, path);
        } else if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, resolve(v, append(path, k))));
            return out;
        } else if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(resolve(list.get(i), append(path, i)));
            }
            return out;
        }
        return value;
    }

    private String resolveString(String text, List<Object> path) {
        if (text.startsWith("vault://")) {
            throw document.errorAt(path, "vault:// references are not supported yet");
        }
        if (text.startsWith("op://")) {
            throw document.errorAt(path, "op:// (1Password) references are not supported yet");
        }
        String expanded = expandEnv(text, path);
        if (expanded.startsWith("file://")) {
            return readFile(expanded.substring("file://".length()), path);
        }
        return expanded;
    }

    private String expandEnv(String text, List<Object> path) {
        Matcher matcher = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = env.get(matcher.group(1));
            if (value == null) {
                throw document.errorAt(path, "environment variable '" + matcher.group(1) + "' is not set");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String readFile(String location, List<Object> path) {
        Path file = baseDir.resolve(location);
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw document.errorAt(path, "cannot read referenced file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> next = new ArrayList<>(path);
        next.add(step instanceof Integer ? step : String.valueOf(step));
        return next;
    }
}
