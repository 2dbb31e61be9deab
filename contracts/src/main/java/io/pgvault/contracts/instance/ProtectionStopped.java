package io.pgvault.contracts.instance;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.StopMode;
import java.time.Instant;
import java.util.UUID;

/**
 * Protection of an instance stopped: no more scheduled backups. retention-service applies the mode
 * to the existing points.
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened
 * @param mode            what happens to the existing points
 * @param reason          why, as chosen by the user
 * @param comments        free-text remarks of the user
 */
public record ProtectionStopped(UUID eventId, UUID instanceId, Instant occurredAt, StopMode mode, String reason,
        String comments) implements Event {
}
