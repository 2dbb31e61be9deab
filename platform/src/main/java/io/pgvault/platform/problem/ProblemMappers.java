package io.pgvault.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a REST call into application/problem+json: the offending field or the
 * current state, never an exception class name or a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response invalidBean(ConstraintViolationException e, UriInfo uri) {
        boolean ourBug = e.getConstraintViolations().stream()
                .anyMatch(v -> v.getPropertyPath().toString().contains("<return value>"));
        if (ourBug) {
            LOG.error("return value violated its constraints", e);
            return respond(new Problem(null, "Internal error", 500, "the server failed", path(uri), null, null));
        }
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(new Problem(null, "Invalid request", 400, detail, path(uri), errors, null));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        if (e.getCause() instanceof ProblemException refusal) {
            // a refusal while the body was read (BodyLimitReader), which Jackson wrapped
            return problem(refusal, uri);
        }
        String field = e instanceof JsonMappingException jm ? jsonPath(jm.getPath()) : "";
        String why = e.getOriginalMessage() == null ? "malformed JSON" : firstLine(e.getOriginalMessage());
        List<Problem.FieldError> errors = field.isEmpty() ? List.of() : List.of(new Problem.FieldError(field, why));
        String detail = field.isEmpty() ? "request body is not valid JSON: " + why : field + ": " + why;
        return respond(new Problem(null, "Invalid request", 400, detail, path(uri), errors, null));
    }

    /**
     * A value of the wrong type ({@code "port": "eighty"}): Quarkus maps this subclass itself, with a
     * plain JSON body, unless a mapper names it.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        if (e.getCause() instanceof ProblemException named) {
            // a parameter converter's refusal (ParameterConverters), wrapped by JAX-RS
            return problem(named, uri);
        }
        if ((e instanceof NotFoundException || e instanceof BadRequestException) && e.getCause() != null) {
            // JAX-RS answers a path or query parameter it cannot convert (a number, a date) with 404:
            // the request is malformed, not aimed at something missing
            return respond(new Problem(null, "Invalid request", 400,
                    "a path, query or header parameter is not of its type: " + firstLine(e.getCause().getMessage()),
                    path(uri), null, null));
        }
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return respond(new Problem(null, title, status, firstLine(e.getMessage()), path(uri), null, null));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        return internalError(e, uri);
    }

    /** The 500 for a failure nothing else explains: logged with its stack, answered without it. */
    public static Response internalError(Throwable e, UriInfo uri) {
        LOG.error("unexpected failure of " + path(uri), e);
        return respond(new Problem(
                null, "Internal error", 500, "the server failed; see its log for details", path(uri), null, null));
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** The request's path as a problem's {@code instance}. */
    public static String path(UriInfo uri) {
        return uri == null ? null : path(uri.getPath());
    }

    /** A path as a problem's {@code instance}: with one leading slash, and cut short when long. */
    public static String path(String path) {
        if (path == null) {
            return null;
        }
        String instance = "/" + path.replaceFirst("^/", "");
        return instance.length() > 300 ? instance.substring(0, 300) + "…" : instance;
    }

    /** "create.request.datasource.port" → "datasource.port": drop the method and parameter names. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.METHOD
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                continue;
            }
            if (node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT) {
                // "<list element>": the element of the list named before it, by its index
                if (node.getIndex() != null && !names.isEmpty()) {
                    names.set(names.size() - 1, names.get(names.size() - 1) + "[" + node.getIndex() + "]");
                }
                continue;
            }
            String name = node.getName();
            if (name == null) {
                continue;
            }
            names.add(node.getIndex() != null ? name + "[" + node.getIndex() + "]" : name);
        }
        if (names.isEmpty()) {
            // a constraint on a parameter itself (a query parameter, or a missing body)
            String full = violation.getPropertyPath().toString();
            return full.substring(full.lastIndexOf('.') + 1);
        }
        return String.join(".", names);
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        // a refusal may quote what the client sent: a few hundred characters of it are enough
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
