package io.pgvault.contracts.retention;

import io.pgvault.contracts.Event;
import java.time.Instant;
import java.util.UUID;

/**
 * Every recovery point of an instance was deleted (after
 * {@link io.pgvault.contracts.instance.InstanceDeleted} or a stop with
 * {@link io.pgvault.contracts.common.StopMode#DELETE_DATA}).
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened
 * @param pointsDeleted   number of points deleted by the purge
 */
public record InstanceDataPurged(UUID eventId, UUID instanceId, Instant occurredAt, int pointsDeleted)
        implements Event {
}
