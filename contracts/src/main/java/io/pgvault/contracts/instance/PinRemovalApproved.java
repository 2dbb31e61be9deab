package io.pgvault.contracts.instance;

import io.pgvault.contracts.Event;
import java.time.Instant;
import java.util.UUID;

/**
 * Under multi-user authorization, a second person approved removing a recovery point's pins (retention-service
 * refuses a user's unpin then; the request goes through instance-service's pending operations). retention-service
 * removes them, unless the vault has become ENABLED or LOCKED meanwhile: it re-checks at the moment it acts.
 *
 * @param eventId         unique id of this message (derived from the pending operation: published once)
 * @param instanceId      the point's backup instance; the Kafka key
 * @param occurredAt      when it was approved
 * @param recoveryPointId the point whose pins go
 * @param requestedBy     who asked
 * @param approvedBy      who approved
 */
public record PinRemovalApproved(UUID eventId, UUID instanceId, Instant occurredAt, UUID recoveryPointId,
        String requestedBy, String approvedBy) implements Event {
}
