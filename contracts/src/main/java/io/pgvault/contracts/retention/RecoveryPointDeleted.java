package io.pgvault.contracts.retention;

import io.pgvault.contracts.Event;
import java.time.Instant;
import java.util.UUID;

/**
 * A recovery point was deleted from the store.
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened
 * @param recoveryPointId the point
 * @param reason          why, e.g. {@code EXPIRED} or {@code PROTECTION_STOPPED}
 * @param livePoints      number of the instance's points not deleted, after this deletion
 */
public record RecoveryPointDeleted(UUID eventId, UUID instanceId, Instant occurredAt, UUID recoveryPointId,
        String reason, int livePoints) implements Event {
}
