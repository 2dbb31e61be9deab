package io.pgvault.contracts.job;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.Trigger;
import java.time.Instant;
import java.util.UUID;

/**
 * A job failed; its partial artifacts are removed.
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened
 * @param jobId           the job
 * @param operation       backup or restore
 * @param trigger         schedule or user request
 * @param errorCode       stable machine-readable cause, e.g. {@code CONNECTION_REFUSED}
 * @param message         what went wrong, for a human
 * @param recommendation  what the user can do about it
 */
public record JobFailed(UUID eventId, UUID instanceId, Instant occurredAt, UUID jobId, Operation operation,
        Trigger trigger, String errorCode, String message, String recommendation) implements Event {
}
