package io.pgvault.instance.retention;

import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.ServiceTokens;
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
 * Reads recovery points from retention-service's restore pre-check, with this service's token, bounded
 * waits (connect and read timeouts in {@code quarkus.rest-client.retention.*}, and an overall deadline
 * here) and one retry of a failed connection, or of a refused token with a fresh one. Unknown points are
 * an empty answer; an unreachable service, or one that refuses the token, is a 503 problem.
 */
@ApplicationScoped
public class RetentionClient {

    private static final Logger LOG = Logger.getLogger(RetentionClient.class);
    private static final Duration DEADLINE = Duration.ofSeconds(12);

    private final RetentionRestClient client;
    private final ServiceTokens tokens;

    public RetentionClient(@RestClient RetentionRestClient client, ServiceTokens tokens) {
        this.client = client;
        this.tokens = tokens;
    }

    /** The point, or empty if retention-service does not know it. */
    public Uni<Optional<RecoveryPointView>> recoveryPoint(UUID id) {
        return client.restoreCheck(id)
                .map(Optional::of)
                .onFailure(RetentionClient::isNotFound).recoverWithItem(Optional.empty())
                // a 401 means our token is no longer good there (e.g. a rotated key): fetch a new one once
                .onFailure(f -> status(f) == 401).invoke(tokens::forget)
                .onFailure(f -> !(f instanceof WebApplicationException) || status(f) == 401).retry().atMost(1)
                .ifNoItem().after(DEADLINE).fail()
                .onFailure(f -> !(f instanceof ProblemException)).transform(f -> {
                    LOG.warnf("retention-service did not answer for recovery point %s: %s", id, f.toString());
                    return new ProblemException(503, "Service unavailable",
                            "retention-service cannot validate the recovery point now; retry later", List.of(),
                            Map.of("recoveryPointId", id.toString()));
                });
    }

    /** What retention-service's vault keeps of the instance now; a 503 problem if it cannot be asked. */
    public Uni<InstanceImmutabilityView> immutability(UUID instanceId) {
        return client.immutability(instanceId)
                .onFailure(f -> status(f) == 401).invoke(tokens::forget)
                .onFailure(f -> !(f instanceof WebApplicationException) || status(f) == 401).retry().atMost(1)
                .ifNoItem().after(DEADLINE).fail()
                .onFailure(f -> !(f instanceof ProblemException)).transform(f -> {
                    LOG.warnf("retention-service did not answer for the immutability of %s: %s", instanceId, f.toString());
                    return new ProblemException(503, "Service unavailable",
                            "retention-service cannot say now which recovery points the vault keeps; retry later",
                            List.of(), Map.of("instanceId", instanceId.toString()));
                });
    }

    /**
     * retention-service's preview of an action on the instance ({@code mode}: a stop's mode, else null); a 503
     * problem if it cannot be asked.
     */
    public Uni<ImpactView> impact(UUID instanceId, String action, String mode) {
        return previewed(client.impact(instanceId, action, mode), "instanceId", instanceId.toString());
    }

    /** retention-service's preview of new vault settings; a 503 problem if it cannot be asked. */
    public Uni<ImpactView> vaultImpact(String gracePeriod, Integer floor) {
        return previewed(client.vaultImpact(gracePeriod, floor), "setting", "vault");
    }

    private Uni<ImpactView> previewed(Uni<ImpactView> call, String key, String value) {
        return call
                .onFailure(f -> status(f) == 401).invoke(tokens::forget)
                .onFailure(f -> !(f instanceof WebApplicationException) || status(f) == 401).retry().atMost(1)
                .ifNoItem().after(DEADLINE).fail()
                .onFailure(f -> !(f instanceof ProblemException)).transform(f -> {
                    LOG.warnf("retention-service did not answer an impact preview (%s %s): %s", key, value, f.toString());
                    return new ProblemException(503, "Service unavailable",
                            "retention-service cannot say now what the action would do to the recovery points; retry later",
                            List.of(), Map.of(key, value));
                });
    }

    private static boolean isNotFound(Throwable f) {
        return status(f) == 404;
    }

    private static int status(Throwable f) {
        return f instanceof WebApplicationException w && w.getResponse() != null ? w.getResponse().getStatus() : 0;
    }
}
