package io.pgvault.platform.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one place that turns Jackson's checked exception into an unchecked one, for values the code itself
 * wrote (stored requests, manifests, answers). Input from users is read by the REST layer, whose mapper
 * answers 400; {@link #tryRead} serves the few places that accept a free-form body.
 */
public final class Json {

    private Json() {
    }

    /** The JSON text of {@code value}; a value that cannot be written is a programming error. */
    public static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + typeOf(value) + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads JSON this system wrote; text that does not read is stored data gone bad, an illegal state. */
    public static <T> T read(ObjectMapper mapper, String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is not readable JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Like {@link #read(ObjectMapper, String, Class)} for generic types. */
    public static <T> T read(ObjectMapper mapper, String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getType().getTypeName() + " is not readable JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads JSON that came from outside (a message, a body read by hand); text that does not read throws
     * what {@code refusal} makes of Jackson's reason, so the caller names the input and what happens to it.
     */
    public static <T> T read(ObjectMapper mapper, String json, Class<T> type,
            Function<String, ? extends RuntimeException> refusal) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw refusal.apply(e.getOriginalMessage());
        }
    }

    /** The value, or empty when the text is not JSON of that type (the caller decides what that means). */
    public static <T> Optional<T> tryRead(ObjectMapper mapper, String json, Class<T> type) {
        try {
            return Optional.ofNullable(mapper.readValue(json, type));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName();
    }
}
