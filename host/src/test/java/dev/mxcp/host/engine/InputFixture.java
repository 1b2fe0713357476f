package dev.mxcp.host.engine;

import static dev.mxcp.host.endpoint.TypeSpecs.type;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.endpoint.TypeSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;

/** Test fixture: one parameter {@code p} of a type written as JSON, converted through the public entry point. */
final class InputFixture {

    private InputFixture() {
    }

    /** Converts {@code raw} as the value of a parameter {@code p} of the given type (JSON without a name). */
    static Object convert(String typeJson, Object raw) {
        TypeSpec p = type("{\"name\": \"p\", " + typeJson.strip().substring(1));
        return InputConverter.convert(List.of(p), args("p", raw)).get("p");
    }

    static AbstractThrowableAssert<?, ? extends Throwable> rejects(String typeJson, Object raw) {
        return assertThatThrownBy(() -> convert(typeJson, raw)).isInstanceOf(InvalidInputException.class);
    }

    /** Arguments as a JSON client sends them; unlike Map.of, values may be null. */
    static Map<String, Object> args(Object... keysAndValues) {
        Map<String, Object> args = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            args.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return args;
    }
}
