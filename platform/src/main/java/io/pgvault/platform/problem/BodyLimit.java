package io.pgvault.platform.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.platform.json.Json;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose body is over {@code pgvault.http.max-body-size} with a 413 problem+json: one
 * that declares its length (Content-Length) here, before anything reads it, closing the connection; a
 * chunked one while a body reader reads it ({@link BodyLimitReader}). Quarkus's own limit
 * ({@code quarkus.http.limits.max-body-size}, four times this one) stays behind it as a backstop, and
 * answers with an empty 413.
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;
    private final ObjectMapper json;

    public BodyLimit(@ConfigProperty(name = "pgvault.http.max-body-size", defaultValue = "256K") MemorySize limit,
            ObjectMapper json) {
        this.limit = limit.asLongValue();
        this.json = json;
    }

    static ProblemException tooLarge(String detail) {
        return new ProblemException(413, "Payload too large", detail, List.of(), Map.of());
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declared(length) > limit) {
            Problem problem = tooLarge("the request body has " + length.trim() + " bytes; the limit is " + limit)
                    .toProblem(ProblemMappers.path(context.request().path()));
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(Json.write(json, problem));
            return;
        }
        context.next();
    }

    private static long declared(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1; // Vert.x refuses a malformed Content-Length itself
        }
    }
}
