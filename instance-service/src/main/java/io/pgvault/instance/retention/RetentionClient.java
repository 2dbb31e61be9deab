package io.pgvault.instance.retention;

import io.pgvault.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Reads recovery points from retention-service, with bounded waits (connect and read timeouts in
 * {@code quarkus.rest-client.retention.*}, and an overall deadline here) and one retry of a failed
 * connection. Unknown points are an empty answer; an unreachable service is a 503 problem.
 */
@ApplicationScoped
public class RetentionClient {

    private static final Logger LOG = Logger.getLogger(RetentionClient.class);
    private static final Duration DEADLINE = Duration.ofSeconds(12);

    private final RetentionRestClient client;

    public RetentionClient(@RestClient RetentionRestClient client) {
        this.client = client;
    }

    /** The point, or empty if retention-service does not know it. */
    public Uni<Optional<RecoveryPointView>> recoveryPoint(UUID id) {
        return client.get(id)
                .map(Optional::of)
                .onFailure(RetentionClient::isNotFound).recoverWithItem(Optional.empty())
                .onFailure(f -> !(f instanceof WebApplicationException)).retry().atMost(1)
                .ifNoItem().after(DEADLINE).fail()
                .onFailure(f -> !(f instanceof ProblemException)).transform(f -> {
                    LOG.warnf("retention-service did not answer for recovery point %s: %s", id, f.toString());
                    return new ProblemException(503, "Service unavailable",
                            "retention-service cannot validate the recovery point now; retry later", List.of(),
                            Map.of("recoveryPointId", id.toString()));
                });
    }

    private static boolean isNotFound(Throwable f) {
        return f instanceof WebApplicationException w && w.getResponse() != null && w.getResponse().getStatus() == 404;
    }
}
