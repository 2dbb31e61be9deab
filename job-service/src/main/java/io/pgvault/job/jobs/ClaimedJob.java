package io.pgvault.job.jobs;

import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.Trigger;
import java.time.Instant;
import java.util.UUID;

/**
 * A job a worker took, with what it needs to run it (no entity leaves its session).
 *
 * @param id              job id
 * @param instanceId      backup instance
 * @param operation       BACKUP or RESTORE
 * @param trigger         SCHEDULED or ON_DEMAND
 * @param request         the command's JSON
 * @param recoveryPointId the point to write (backup) or read (restore)
 * @param startedAt       when it started
 */
public record ClaimedJob(UUID id, UUID instanceId, Operation operation, Trigger trigger, String request,
        UUID recoveryPointId, Instant startedAt) {
}
