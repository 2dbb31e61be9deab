package io.pgvault.job.jobs;

import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.common.VerificationEvidence;
import io.pgvault.contracts.common.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything about one job.
 *
 * @param id              job id
 * @param instanceId      backup instance
 * @param instanceName    its name when the job was requested
 * @param operation       BACKUP or RESTORE
 * @param trigger         SCHEDULED or ON_DEMAND
 * @param requestedBy     who asked: the user's token subject, {@code scheduler} for a scheduled backup;
 *                        {@code null} for jobs requested before sign-in existed
 * @param policyName      backup: the policy the point is born with
 * @param policyVersion   backup: its version
 * @param status          current status
 * @param createdAt       when the command was received
 * @param startedAt       when a worker started it
 * @param finishedAt      when it ended
 * @param heartbeatAt     last sign of life while running
 * @param owner           the job-service replica that runs (or ran) it ({@code pgvault.job.replica-id})
 * @param leaseExpiresAt  until when its owner holds it; a running job past this is reaped as INTERRUPTED
 * @param durationMs      run time so far or in total, milliseconds
 * @param bytes           bytes dumped (backup) or read (restore)
 * @param bytesEstimated  size measured at start, the base of {@code percent}
 * @param percent         progress 0–100
 * @param subTasks        the job's steps in order
 * @param error           why it failed or was cancelled; {@code null} otherwise
 * @param recoveryPointId backup: the point created; restore: the point restored
 * @param manifest        backup: the point's manifest once completed
 * @param verification    VERIFY: the outcome, every table's source and restored figures, the time taken and
 *                        pg_restore's warnings, once it ended with an outcome; {@code null} otherwise
 */
public record JobDetails(UUID id, UUID instanceId, String instanceName, Operation operation, Trigger trigger,
        String requestedBy, String policyName, Integer policyVersion, JobStatus status, Instant createdAt, Instant startedAt,
        Instant finishedAt, Instant heartbeatAt, String owner, Instant leaseExpiresAt, Long durationMs, long bytes,
        Long bytesEstimated, Integer percent,
        List<SubTaskView> subTasks, ErrorView error, UUID recoveryPointId, RecoveryPointManifest manifest,
        VerificationEvidence verification) {

    /**
     * One step of a job.
     *
     * @param position   order within the job, from 0
     * @param kind       GLOBALS, DATABASE or FILE
     * @param database   the database it dumps or restores
     * @param artifact   the file it writes or reads
     * @param status     PENDING, IN_PROGRESS, COMPLETED, FAILED or CANCELLED
     * @param bytes      bytes written or read
     * @param durationMs how long it took
     */
    public record SubTaskView(int position, SubTask.Kind kind, String database, String artifact,
            SubTask.Status status, long bytes, Long durationMs) {

        static SubTaskView from(SubTask task) {
            Long duration = task.startedAt == null || task.finishedAt == null ? null
                    : Duration.between(task.startedAt, task.finishedAt).toMillis();
            return new SubTaskView(task.position, task.kind, task.databaseName, task.artifact, task.status,
                    task.bytes, duration);
        }
    }

    /**
     * Why a job failed.
     *
     * @param code           stable code, e.g. HOST_UNREACHABLE
     * @param message        what went wrong
     * @param recommendation what to do about it
     */
    public record ErrorView(ErrorCode code, String message, String recommendation) {
    }

    static JobDetails from(Job job, List<SubTask> tasks, RecoveryPointManifest manifest,
            VerificationEvidence verification, Instant now) {
        ErrorView error = job.errorCode == null ? null
                : new ErrorView(job.errorCode, job.errorMessage, job.errorRecommendation);
        return new JobDetails(job.id, job.instanceId, job.instanceName, job.operation, job.trigger, job.requestedBy,
                job.policyName, job.policyVersion, job.status, job.createdAt, job.startedAt, job.finishedAt, job.heartbeatAt,
                job.owner, job.leaseExpiresAt, JobSummary.durationMs(job, now), job.bytesDone, job.bytesEstimated, JobSummary.percent(job),
                tasks.stream().map(SubTaskView::from).toList(), error, JobSummary.visiblePoint(job), manifest,
                verification);
    }
}
