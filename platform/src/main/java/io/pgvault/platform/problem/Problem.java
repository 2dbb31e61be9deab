package io.pgvault.platform.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}).
 * {@code errors} names each offending field; {@code extensions} carries facts such as the current
 * state and the allowed ones, so a client can act without parsing prose.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<FieldError> errors,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One field that was refused, by its JSON path (e.g. {@code datasource.port}), and why. */
    public record FieldError(String field, String message) {}

    @JsonAnyGetter
    public Map<String, Object> anyGetter() {
        return extensions == null ? Map.of() : extensions;
    }
}
