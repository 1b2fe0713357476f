package dev.mxcp.host.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mxcp.host.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --param name=value} arguments: values stay strings (the endpoint's declared types convert them),
 * except {@code name=@file.json}, which loads JSON; a name given twice takes its last value. Mistakes are
 * {@link UsageException}s worded as MXCP's CLI words them ({@code run.py}, {@code query.py}, {@code test.py}).
 */
final class ParamOptions {

    private ParamOptions() {
    }

    static Map<String, Object> parse(List<String> params) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String param : params) {
            int eq = param.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("Parameter must be in format name=value or name=@file.json: " + param);
            }
            String name = param.substring(0, eq);
            String value = param.substring(eq + 1);
            values.put(name, value.startsWith("@") ? readJson("JSON file", "file", Path.of(value.substring(1))) : value);
        }
        return values;
    }

    /**
     * JSON given inline or as {@code @file}, for --user-context ({@code what} "user context") and
     * --request-headers ("request headers").
     */
    static Object jsonArgument(String what, String value) {
        if (value.startsWith("@")) {
            return readJson(capitalized(what) + " file", what + " file", Path.of(value.substring(1)));
        }
        try {
            return Json.toJava(Json.parse(value));
        } catch (JsonProcessingException e) {
            throw new UsageException("Invalid JSON in " + what + ": " + describe(e));
        }
    }

    /** "JSON file not found: x.json", "Invalid JSON in file x.json: ..." (and the same for the other files). */
    private static Object readJson(String notFound, String invalid, Path file) {
        if (!Files.exists(file)) {
            throw new UsageException(notFound + " not found: " + file);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("Cannot read " + invalid + " " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return Json.toJava(Json.parse(text));
        } catch (JsonProcessingException e) {
            throw new UsageException("Invalid JSON in " + invalid + " " + file + ": " + describe(e));
        }
    }

    private static String describe(JsonProcessingException e) {
        return e.getOriginalMessage() + (e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
