package io.pgvault.job.client;

import io.pgvault.job.config.JobConfig;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobFailure;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Restore holds at retention-service, with bounded waits: connect and read timeouts in
 * {@code quarkus.rest-client.retention.*}, and {@code pgvault.job.http-timeout} for each call here.
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

    private final RetentionRestClient client;
    private final Duration timeout;

    public RetentionClient(@RestClient RetentionRestClient client, JobConfig config) {
        this.client = client;
        this.timeout = config.httpTimeout();
    }

    /**
     * Holds a point for a restore job; fails with a {@link JobFailure} HOLD_REFUSED if retention-service
     * refuses or cannot be reached.
     */
    public Uni<Hold> take(UUID recoveryPointId, UUID instanceId, UUID jobId, int leaseSeconds) {
        return client.takeHold(recoveryPointId, new HoldRequest("RESTORE", jobId.toString(), instanceId, leaseSeconds))
                .ifNoItem().after(timeout).fail()
                .map(response -> new Hold(response.id(), recoveryPointId))
                .onFailure(WebApplicationException.class).transform(e -> refused(recoveryPointId,
                        ((WebApplicationException) e).getResponse().getStatus()))
                .onFailure(RetentionClient::isUnreachable).transform(e -> new JobFailure(ErrorCode.HOLD_REFUSED.error(
                        "retention-service is unreachable: " + e.getMessage(),
                        "Check that retention-service runs and PGVAULT_RETENTION_URL points at it; run the restore again.")));
    }

    /** Releases a hold; a failure is logged, not passed on: the lease lets the hold lapse anyway. */
    public Uni<Void> release(Hold hold) {
        return client.releaseHold(hold.recoveryPointId(), hold.id())
                .ifNoItem().after(timeout).fail()
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("could not release hold %s on recovery point %s (its lease will lapse): %s", hold.id(),
                            hold.recoveryPointId(), e.getMessage());
                    return null;
                });
    }

    private static JobFailure refused(UUID recoveryPointId, int status) {
        String why = switch (status) {
            case 404 -> "retention-service does not know recovery point " + recoveryPointId;
            case 409 -> "recovery point " + recoveryPointId
                    + " is not live or belongs to another instance (retention-service answered 409)";
            default -> "retention-service answered " + status + " for recovery point " + recoveryPointId;
        };
        return new JobFailure(ErrorCode.HOLD_REFUSED.error(why));
    }

    private static boolean isUnreachable(Throwable e) {
        return e instanceof ProcessingException || e instanceof TimeoutException;
    }
}
