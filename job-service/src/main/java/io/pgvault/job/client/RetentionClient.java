package io.pgvault.job.client;

import io.pgvault.job.config.JobConfig;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobFailure;
import io.pgvault.platform.security.ServiceTokens;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Restore holds at retention-service, with bounded waits: connect and read timeouts in
 * {@code quarkus.rest-client.retention.*}, and {@code pgvault.job.http-timeout} for each call here.
 * Each call carries job-service's service token; after a 401 the held token is dropped, so the next
 * call fetches a new one (e.g. after the issuer's key was rotated).
 */
@ApplicationScoped
public class RetentionClient {

    /**
     * A hold taken.
     *
     * @param id              hold id
     * @param recoveryPointId the point held
     */
    public record Hold(UUID id, UUID recoveryPointId) {
    }

    /** How long a hold is asked for again while its peer refuses connections: a restart takes seconds. */
    static final Duration PEER_RESTART = Duration.ofSeconds(60);

    private final RetentionRestClient client;
    private final ServiceTokens tokens;
    private final Duration timeout;

    public RetentionClient(@RestClient RetentionRestClient client, ServiceTokens tokens, JobConfig config) {
        this.client = client;
        this.tokens = tokens;
        this.timeout = config.httpTimeout();
    }

    /**
     * Holds a point for a restore job, on behalf of the user who asked for it; fails with a
     * {@link JobFailure} HOLD_REFUSED if retention-service refuses or cannot be reached.
     *
     * @param requestedBy the job's requestedBy, sent as the hold's {@code onBehalfOf}; may be null
     */
    public Uni<Hold> take(UUID recoveryPointId, UUID instanceId, UUID jobId, String requestedBy, int leaseSeconds) {
        HoldRequest request = new HoldRequest("RESTORE", jobId.toString(), instanceId, leaseSeconds, requestedBy);
        return Uni.createFrom().deferred(() -> client.takeHold(recoveryPointId, request))
                .ifNoItem().after(timeout).fail()
                .onFailure(RetentionClient::isUnauthorized).invoke(tokens::forget)
                // a peer being restarted (retention-service, or instance-service issuing the service token)
                // refuses the connection: nothing was sent, so the hold is asked for again until it is back
                .onFailure(RetentionClient::isConnectionRefused).retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).expireIn(PEER_RESTART.toMillis())
                .map(response -> new Hold(response.id(), recoveryPointId))
                .onFailure(WebApplicationException.class).transform(e -> refused(recoveryPointId,
                        ((WebApplicationException) e).getResponse().getStatus()))
                .onFailure(RetentionClient::isUnreachable).transform(e -> new JobFailure(ErrorCode.HOLD_REFUSED.error(
                        "retention-service is unreachable: " + e.getMessage(),
                        "Check that retention-service runs and PGVAULT_RETENTION_URL points at it; run the restore again.")));
    }

    /**
     * Renews a hold's lease to {@code leaseSeconds} from now, while the restore that holds it runs. A failure
     * is logged, not passed on: the next heartbeat renews again, and the lease outlasts several misses.
     */
    public Uni<Void> renew(Hold hold, int leaseSeconds) {
        return client.renewHold(hold.recoveryPointId(), hold.id(), leaseSeconds)
                .ifNoItem().after(timeout).fail()
                .onFailure(RetentionClient::isUnauthorized).invoke(tokens::forget)
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("could not renew hold %s on recovery point %s: %s", hold.id(), hold.recoveryPointId(),
                            e.getMessage());
                    return null;
                });
    }

    /** Releases a hold; a failure is logged, not passed on: the lease lets the hold lapse anyway. */
    public Uni<Void> release(Hold hold) {
        return client.releaseHold(hold.recoveryPointId(), hold.id())
                .ifNoItem().after(timeout).fail()
                .onFailure(RetentionClient::isUnauthorized).invoke(tokens::forget)
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("could not release hold %s on recovery point %s (its lease will lapse): %s", hold.id(),
                            hold.recoveryPointId(), e.getMessage());
                    return null;
                });
    }

    private static JobFailure refused(UUID recoveryPointId, int status) {
        String why = switch (status) {
            case 401, 403 -> "job-service's service token was refused (" + status + ") holding recovery point "
                    + recoveryPointId + "; check job-service's client secret file and PGVAULT_TOKEN_URL";
            case 404 -> "retention-service does not know recovery point " + recoveryPointId;
            case 409 -> "recovery point " + recoveryPointId
                    + " is not live or belongs to another instance (retention-service answered 409)";
            default -> "retention-service answered " + status + " for recovery point " + recoveryPointId;
        };
        return new JobFailure(ErrorCode.HOLD_REFUSED.error(why));
    }

    private static boolean isUnauthorized(Throwable e) {
        return e instanceof WebApplicationException w && w.getResponse().getStatus() == 401;
    }

    /** Unreachable: refused, timed out or failed at the transport, also when wrapped (a CompletionException). */
    private static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProcessingException || t instanceof TimeoutException || t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
