package io.pgvault.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's answer: its status and JSON body, read as plain maps and lists for the templates.
 *
 * @param service who answered
 * @param status the HTTP status
 * @param body the JSON body ({@link NullNode} when there was none)
 */
public record Answer(Service service, int status, JsonNode body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** This answer if it is a 2xx, else the refusal it is. */
    public Answer orThrow() {
        if (!ok()) {
            throw new ApiRefusal(this);
        }
        return this;
    }

    /** The body as a map (an empty one for a body that is not an object). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map() {
        return body.isObject() ? JSON.convertValue(body, Map.class) : Map.of();
    }

    /** The body as a list of maps: a top-level array, or the array in field {@code field}. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list(String field) {
        JsonNode array = body.isArray() ? body : body.path(field);
        return array.isArray() ? JSON.convertValue(array, List.class) : List.of();
    }

    /** A problem's {@code detail}, else its {@code title}, else the status. */
    public String detail() {
        if (body.hasNonNull("detail")) {
            return body.get("detail").asText();
        }
        if (body.hasNonNull("title")) {
            return body.get("title").asText();
        }
        return service.displayName() + " answered HTTP " + status;
    }

    /** A 400 problem's {@code errors[]}: field name → message, in the order given. */
    public Map<String, String> fieldErrors() {
        Map<String, String> errors = new LinkedHashMap<>();
        for (JsonNode e : body.path("errors")) {
            errors.merge(e.path("field").asText(""), e.path("message").asText(""), (a, b) -> a + "; " + b);
        }
        return errors;
    }
}
