package io.pgvault.platform.problem;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A refusal a client can act on; mapped to an application/problem+json answer. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, Object> extensions;

    public ProblemException(
            int status, String title, String detail, List<Problem.FieldError> errors, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.extensions = new LinkedHashMap<>(extensions);
    }

    /** 400: one field is wrong; the detail says how. */
    public static ProblemException badField(String field, String message) {
        return new ProblemException(
                400, "Invalid request", field + ": " + message, List.of(new Problem.FieldError(field, message)), Map.of());
    }

    /** 404: no such resource. */
    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "Not found", what + " " + id + " does not exist", List.of(), Map.of());
    }

    /** 409: the resource exists but is in a state that refuses this action. */
    public static ProblemException invalidState(String action, Enum<?> current, Collection<? extends Enum<?>> allowed) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("currentState", current.name());
        ext.put("allowedStates", allowed.stream().map(Enum::name).toList());
        return new ProblemException(
                409,
                "Action not allowed in this state",
                action + " is not allowed in state " + current + "; allowed in " + allowed,
                List.of(),
                ext);
    }

    /** 409 for any other conflict, with facts a client can act on. */
    public static ProblemException conflict(String detail, Map<String, Object> extensions) {
        return new ProblemException(409, "Conflict", detail, List.of(), extensions);
    }

    public int status() {
        return status;
    }

    public Problem toProblem(String instance) {
        return new Problem(null, title, status, getMessage(), instance, errors, extensions);
    }
}
