package io.pgvault.job.runner;

import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobError;
import io.pgvault.job.jobs.JobFailure;
import io.pgvault.job.jobs.SubTask;
import io.pgvault.job.keys.KeyUnavailableException;
import io.pgvault.job.store.IntegrityViolationException;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.util.UUID;

/**
 * How a run that did not complete ends: the status its step under way gets, and the job's error.
 *
 * @param status CANCELLED or FAILED
 * @param error  why
 */
record Ending(SubTask.Status status, JobError error) {

    /**
     * What an exception that stopped a runner means; the unexpected ones are logged.
     *
     * @param operation {@code backup} or {@code restore}, for the messages
     * @param space     what a full disk is, e.g. {@code the store}
     */
    static Ending of(Exception e, RunningJob job, String operation, String space) {
        UUID jobId = job.id();
        if (e instanceof JobCancelled) {
            JobError reason = job.stopReason();
            return reason != null ? new Ending(SubTask.Status.FAILED, reason)
                    : new Ending(SubTask.Status.CANCELLED, ErrorCode.CANCELLED.error());
        }
        if (e instanceof JobFailure failure) {
            return new Ending(SubTask.Status.FAILED, failure.error());
        }
        if (e instanceof IntegrityViolationException violation) {
            Log.warnf("%s job %s: integrity violation at %s: %s", operation, jobId, violation.object(), e.getMessage());
            return new Ending(SubTask.Status.FAILED, ErrorCode.INTEGRITY_VIOLATION.error(e.getMessage()));
        }
        if (e instanceof KeyUnavailableException) {
            Log.warnf("%s job %s: %s", operation, jobId, e.getMessage());
            return new Ending(SubTask.Status.FAILED, ErrorCode.KEY_UNAVAILABLE.error(e.getMessage()));
        }
        if (e instanceof IOException) {
            String message = String.valueOf(e.getMessage());
            Log.warnf(e, "%s job %s failed", operation, jobId);
            return new Ending(SubTask.Status.FAILED, message.contains("No space left on device")
                    ? ErrorCode.DISK_FULL.error(space + " ran out of space: " + message)
                    : ErrorCode.INTERNAL.error(operation + " failed: " + message));
        }
        Log.errorf(e, "%s job %s failed unexpectedly", operation, jobId);
        return new Ending(SubTask.Status.FAILED, ErrorCode.INTERNAL.error(operation + " failed: " + e));
    }
}
