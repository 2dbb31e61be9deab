package io.pgvault.contracts.instance;

import io.pgvault.contracts.Event;
import java.time.Instant;
import java.util.UUID;

/**
 * Purge before the grace period ends: a soft-deleted recovery point's files, or (no point named) every
 * soft-deleted point of a deleted instance, go now instead of at the end of the grace period; for an instance
 * InstanceDataPurged follows. retention-service re-checks at the moment it acts: under an ENABLED or LOCKED vault
 * nothing is purged early.
 *
 * @param eventId         unique id of this message (derived from the pending operation when one was approved)
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when it was requested (approved, under multi-user authorization)
 * @param recoveryPointId the point to purge, or null for every soft-deleted point of the instance
 * @param requestedBy     who asked
 * @param approvedBy      who approved it (multi-user authorization), or null
 */
public record PurgeRequested(UUID eventId, UUID instanceId, Instant occurredAt, UUID recoveryPointId,
        String requestedBy, String approvedBy) implements Event {
}
