package io.pgvault.job.jobs;

import io.pgvault.contracts.common.Operation;
import java.time.Instant;
import java.util.UUID;

/**
 * Filters of the job list; {@code null} means "any".
 *
 * @param instanceId  one instance
 * @param operation   BACKUP or RESTORE
 * @param status      one status
 * @param from        created at or after ({@code null}: no lower bound, "view all")
 * @param to          created before
 * @param afterAt     cursor: created before this, or at it with a smaller id
 * @param afterId     cursor id
 * @param limit       page size
 */
public record JobQuery(UUID instanceId, Operation operation, JobStatus status, Instant from, Instant to,
        Instant afterAt, UUID afterId, int limit) {
}
