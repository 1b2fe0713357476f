package dev.mxcp.host.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.mxcp.host.json.Json;
import java.io.UncheckedIOException;
import java.util.List;

/** Test fixture: TypeSpecs written as JSON, bound the way endpoint YAML is (Jackson, YAML key names). */
public final class TypeSpecs {

    private TypeSpecs() {
    }

    /** One type, e.g. {@code type("""{"type": "integer", "minimum": 1}""")}. */
    public static TypeSpec type(String json) {
        try {
            return Json.MAPPER.readValue(json, TypeSpec.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A parameter list, a JSON array of types with names. */
    public static List<TypeSpec> params(String json) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<List<TypeSpec>>() {
            });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
