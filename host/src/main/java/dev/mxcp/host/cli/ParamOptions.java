package dev.mxcp.host.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mxcp.host.base.MxcpException;
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
 * except {@code name=@file.json}, which loads JSON.
 */
final class ParamOptions {

    private ParamOptions() {
    }

    static Map<String, Object> parse(List<String> params) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String param : params) {
            int eq = param.indexOf('=');
            if (eq <= 0) {
                throw new MxcpException("invalid --param '" + param + "': expected name=value");
            }
            String name = param.substring(0, eq);
            String value = param.substring(eq + 1);
            if (values.containsKey(name)) {
                throw new MxcpException("--param '" + name + "' is given twice");
            }
            values.put(name, value.startsWith("@") ? readJson(name, Path.of(value.substring(1))) : value);
        }
        return values;
    }

    /** JSON given inline or as {@code @file}, for --user-context and --request-headers. */
    static Object jsonArgument(String option, String value) {
        if (value.startsWith("@")) {
            return readJson(option, Path.of(value.substring(1)));
        }
        try {
            return Json.toJava(Json.parse(value));
        } catch (JsonProcessingException e) {
            throw new MxcpException("invalid JSON for " + option + ": " + e.getOriginalMessage());
        }
    }

    private static Object readJson(String name, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MxcpException("parameter '" + name + "': cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return Json.toJava(Json.parse(text));
        } catch (JsonProcessingException e) {
            throw new MxcpException("parameter '" + name + "': " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }
}
