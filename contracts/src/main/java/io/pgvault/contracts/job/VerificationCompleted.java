package io.pgvault.contracts.job;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.VerificationEvidence;
import java.time.Instant;
import java.util.UUID;

/**
 * A verification of a recovery point ended with an outcome (a cancelled or interrupted one has none):
 * retention-service keeps the evidence on the point; a FAILED one sets the instance's health to a warning.
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened
 * @param recoveryPointId the point verified
 * @param evidence        the outcome and what it rests on
 */
public record VerificationCompleted(UUID eventId, UUID instanceId, Instant occurredAt, UUID recoveryPointId,
        VerificationEvidence evidence) implements Event {
}
