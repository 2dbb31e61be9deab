package io.pgvault.job.client;

import io.pgvault.job.config.JobConfig;
import io.pgvault.job.job.ErrorCode;
import io.pgvault.job.job.JobFailure;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Restore holds at retention-service, with timeouts. Blocking: restore runners call it on their
 * worker threads. The base URL is read when the first restore runs (in tests it is this service's
 * own random port, known only once the server is up).
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

    private final JobConfig config;
    private volatile RetentionRestClient client;

    public RetentionClient(JobConfig config) {
        this.config = config;
    }

    private RetentionRestClient client() {
        if (client == null) {
            String url = ConfigProvider.getConfig().getOptionalValue("pgvault.job.retention-service-url", String.class)
                    .orElse(config.retentionServiceUrl());
            long timeout = config.httpTimeout().toMillis();
            client = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(URI.create(url))
                    .connectTimeout(timeout, TimeUnit.MILLISECONDS)
                    .readTimeout(timeout, TimeUnit.MILLISECONDS)
                    .build(RetentionRestClient.class);
        }
        return client;
    }

    /**
     * Holds a point for a restore job.
     *
     * @throws JobFailure HOLD_REFUSED if retention-service refuses or cannot be reached
     */
    public Hold take(UUID recoveryPointId, UUID instanceId, UUID jobId, int leaseSeconds) {
        try {
            HoldResponse response = client().takeHold(recoveryPointId,
                    new HoldRequest("RESTORE", jobId.toString(), instanceId, leaseSeconds));
            return new Hold(response.id(), recoveryPointId);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String why = switch (status) {
                case 404 -> "retention-service does not know recovery point " + recoveryPointId;
                case 409 -> "recovery point " + recoveryPointId
                        + " is not live or belongs to another instance (retention-service answered 409)";
                default -> "retention-service answered " + status + " for recovery point " + recoveryPointId;
            };
            throw new JobFailure(ErrorCode.HOLD_REFUSED.error(why));
        } catch (ProcessingException e) {
            throw new JobFailure(ErrorCode.HOLD_REFUSED.error("retention-service is unreachable: " + e.getMessage(),
                    "Check that retention-service runs and PGVAULT_RETENTION_URL points at it; run the restore again."));
        }
    }

    /** Releases a hold; a failure is logged, the lease lets it lapse anyway. */
    public void release(Hold hold) {
        try {
            client().releaseHold(hold.recoveryPointId(), hold.id());
        } catch (RuntimeException e) {
            Log.warnf("could not release hold %s on recovery point %s (its lease will lapse): %s", hold.id(),
                    hold.recoveryPointId(), e.getMessage());
        }
    }
}
