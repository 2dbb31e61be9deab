package io.pgvault.contracts.instance;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.Datasource;
import io.pgvault.contracts.common.RestoreTarget;
import java.time.Instant;
import java.util.UUID;

/**
 * A user wants a recovery point restored. job-service runs it.
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened
 * @param jobId           id of the job to create
 * @param recoveryPointId the point to restore; it belongs to {@code instanceId}
 * @param instanceName    name of the instance at that time
 * @param source          the instance's own server (the one the point was taken from)
 * @param target          where to restore to
 * @param requestedBy     the token subject of the user who asked; {@code null} in messages written
 *                        before sign-in existed
 */
public record RestoreRequested(UUID eventId, UUID instanceId, Instant occurredAt, UUID jobId,
        UUID recoveryPointId, String instanceName, Datasource source, RestoreTarget target, String requestedBy)
        implements Event {
}
