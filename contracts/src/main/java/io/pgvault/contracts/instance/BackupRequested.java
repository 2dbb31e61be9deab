package io.pgvault.contracts.instance;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.Datasource;
import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.Trigger;
import java.time.Instant;
import java.util.UUID;

/**
 * A backup of an instance is wanted, by its schedule or on demand. job-service runs it.
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened
 * @param jobId           id of the job to create; known to the API before the job runs, so it can
 *                        answer 202 with the job's URL at once
 * @param trigger         schedule or user request
 * @param instanceName    name of the instance at that time
 * @param datasource      the server to dump
 * @param policy          retention rules frozen for the point this backup creates
 * @param requestedBy     who asked: the token subject of the user, {@code scheduler} for a scheduled
 *                        backup; {@code null} in messages written before sign-in existed
 */
public record BackupRequested(UUID eventId, UUID instanceId, Instant occurredAt, UUID jobId, Trigger trigger,
        String instanceName, Datasource datasource, PolicySnapshot policy, String requestedBy) implements Event {
}
