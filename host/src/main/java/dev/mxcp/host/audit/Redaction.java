package dev.mxcp.host.audit;

import dev.mxcp.host.endpoint.TypeSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What MXCP documents and does not do: the values of parameters and fields whose type says
 * {@code sensitive: true} (at any depth) are never written to the audit log; each becomes {@link #REDACTED}.
 */
final class Redaction {

    /** MXCP's "full" redaction. */
    static final String REDACTED = "[REDACTED]";

    private Redaction() {
    }

    static Map<String, Object> arguments(List<TypeSpec> parameters, Map<String, Object> arguments) {
        Map<String, Object> out = new LinkedHashMap<>();
        arguments.forEach((name, value) -> {
            TypeSpec declared = parameters.stream().filter(p -> name.equals(p.name())).findFirst().orElse(null);
            out.put(name, declared == null ? value : value(declared, value));
        });
        return out;
    }

    /** {@code value} with what {@code type} marks sensitive replaced; undeclared fields are kept as they are. */
    static Object value(TypeSpec type, Object value) {
        if (type == null) {
            return value;
        }
        if (type.sensitive()) {
            return REDACTED;
        }
        if (value instanceof Map<?, ?> object) {
            Map<Object, Object> out = new LinkedHashMap<>();
            object.forEach((key, field) -> out.put(key, value(type.properties().get(String.valueOf(key)), field)));
            return out;
        }
        if (value instanceof List<?> list && type.items() != null) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(value(type.items(), item)));
            return out;
        }
        return value;
    }
}
