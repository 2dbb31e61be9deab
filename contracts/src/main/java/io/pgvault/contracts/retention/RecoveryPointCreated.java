package io.pgvault.contracts.retention;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.RetentionTag;
import java.time.Instant;
import java.util.UUID;

/**
 * retention-service recorded a new recovery point and its expiry.
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened
 * @param recoveryPointId the point
 * @param jobId           the backup job that created it
 * @param createdAt       when the point was completed
 * @param expiresAt       when the point becomes eligible for deletion; {@code null} means kept forever
 * @param tag             the retention tag the point was given
 * @param livePoints      number of the instance's points not deleted, this one included
 */
public record RecoveryPointCreated(UUID eventId, UUID instanceId, Instant occurredAt, UUID recoveryPointId,
        UUID jobId, Instant createdAt, Instant expiresAt, RetentionTag tag, int livePoints) implements Event {
}
