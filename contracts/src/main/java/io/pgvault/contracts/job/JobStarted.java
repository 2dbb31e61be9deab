package io.pgvault.contracts.job;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.Trigger;
import java.time.Instant;
import java.util.UUID;

/**
 * A job went from queued to in progress.
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened (the job's start)
 * @param jobId           the job
 * @param operation       backup or restore
 * @param trigger         schedule or user request
 */
public record JobStarted(UUID eventId, UUID instanceId, Instant occurredAt, UUID jobId, Operation operation,
        Trigger trigger) implements Event {
}
