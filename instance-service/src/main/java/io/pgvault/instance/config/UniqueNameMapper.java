package io.pgvault.instance.config;

import io.pgvault.platform.problem.Problem;
import io.pgvault.platform.problem.ProblemMappers;
import io.vertx.pgclient.PgException;
import jakarta.persistence.PersistenceException;
import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Two requests creating the same name at the same moment both pass the service's "name taken?" check; the
 * unique index refuses the second at commit. That is a 409 for the client, like the checked case, not a 500.
 */
public class UniqueNameMapper {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final Map<String, String> WHAT = Map.of(
            "backup_instance_name", "a backup instance with this name exists",
            "backup_policy_name", "a backup policy with this name exists");

    @ServerExceptionMapper
    public Response persistence(PersistenceException e, UriInfo uri) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String constraint = null;
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                constraint = String.valueOf(pg.getConstraint());
            } else if (t instanceof JDBCException jdbc && UNIQUE_VIOLATION.equals(jdbc.getSQLState())) {
                constraint = jdbc instanceof ConstraintViolationException cv ? String.valueOf(cv.getConstraintName())
                        : "";
                constraint = WHAT.keySet().stream().filter(jdbc.getMessage()::contains).findFirst().orElse(constraint);
            }
            if (constraint != null) {
                String detail = WHAT.getOrDefault(constraint, "it exists already");
                return ProblemMappers.respond(
                        new Problem(null, "Conflict", 409, detail, ProblemMappers.path(uri), null, null));
            }
        }
        return ProblemMappers.internalError(e, uri);
    }
}
