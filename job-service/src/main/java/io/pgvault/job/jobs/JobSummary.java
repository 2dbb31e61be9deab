package io.pgvault.job.jobs;

import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A job in the list and on the live stream.
 *
 * @param id              job id
 * @param instanceId      backup instance
 * @param instanceName    its name when the job was requested
 * @param operation       BACKUP or RESTORE
 * @param trigger         SCHEDULED or ON_DEMAND
 * @param requestedBy     who asked: the user's token subject, {@code scheduler} for a scheduled backup;
 *                        {@code null} for jobs requested before sign-in existed
 * @param status          QUEUED, IN_PROGRESS, COMPLETED, FAILED or CANCELLED
 * @param createdAt       when the command was received
 * @param startedAt       when a worker started it
 * @param finishedAt      when it ended
 * @param durationMs      run time so far or in total, milliseconds
 * @param bytes           bytes dumped (backup) or read from the store (restore)
 * @param percent         progress estimate 0–100 (100 once completed); {@code null} when unknown
 * @param errorCode       the error's code when failed or cancelled
 * @param recoveryPointId backup: the point created (once completed); restore: the point restored
 */
public record JobSummary(UUID id, UUID instanceId, String instanceName, Operation operation, Trigger trigger,
        String requestedBy, JobStatus status, Instant createdAt, Instant startedAt, Instant finishedAt, Long durationMs, long bytes,
        Integer percent, ErrorCode errorCode, UUID recoveryPointId) {

    /** The summary of a job as of {@code now} (for the duration of a running job). */
    public static JobSummary from(Job job, Instant now) {
        return new JobSummary(job.id, job.instanceId, job.instanceName, job.operation, job.trigger, job.requestedBy,
                job.status, job.createdAt, job.startedAt, job.finishedAt, durationMs(job, now), job.bytesDone,
                percent(job), job.errorCode, visiblePoint(job));
    }

    static Long durationMs(Job job, Instant now) {
        if (job.startedAt == null) {
            return null;
        }
        Instant end = job.finishedAt != null ? job.finishedAt : now;
        return Math.max(0, Duration.between(job.startedAt, end).toMillis());
    }

    static Integer percent(Job job) {
        if (job.status == JobStatus.COMPLETED) {
            return 100;
        }
        if (job.bytesEstimated == null || job.bytesEstimated <= 0) {
            return job.status == JobStatus.QUEUED ? 0 : null;
        }
        // The estimate is the size on disk (indexes included), so the dump may end below it; never
        // claim 100 before the job has actually completed.
        return (int) Math.min(99, job.bytesDone * 100 / job.bytesEstimated);
    }

    static UUID visiblePoint(Job job) {
        if (job.operation == Operation.BACKUP && job.status != JobStatus.COMPLETED) {
            return null;
        }
        return job.recoveryPointId;
    }
}
