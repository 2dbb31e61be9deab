package io.pgvault.contracts.instance;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.Trigger;
import java.time.Instant;
import java.util.UUID;

/**
 * A recovery point is to be verified: restored into a scratch database on the verification server and
 * compared with the figures its backup recorded. job-service runs it as a VERIFY job.
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened
 * @param jobId           id of the job to create
 * @param recoveryPointId the point to verify; it belongs to {@code instanceId}
 * @param instanceName    name of the instance at that time
 * @param trigger         a user's request or the policy's verification setting
 * @param requestedBy     the token subject of the user who asked; for the policy's, the service
 * @param target          the name of the verification server to restore on (job-service's
 *                        {@code pgvault.job.verify.targets.<name>}); {@code null} or {@code default}: its default one
 */
public record VerifyRequested(UUID eventId, UUID instanceId, Instant occurredAt, UUID jobId, UUID recoveryPointId,
        String instanceName, Trigger trigger, String requestedBy,
        String target) implements Event {
}
