package io.pgvault.contracts.instance;

import io.pgvault.contracts.Event;
import java.time.Instant;
import java.util.UUID;

/**
 * An instance was deleted. job-service cancels its jobs; retention-service deletes all its points
 * and answers with {@link io.pgvault.contracts.retention.InstanceDataPurged}.
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened
 * @param instanceName    name of the instance at that time
 * @param reason          why, as chosen by the user
 * @param comments        free-text remarks of the user
 */
public record InstanceDeleted(UUID eventId, UUID instanceId, Instant occurredAt, String instanceName,
        String reason, String comments) implements Event {
}
