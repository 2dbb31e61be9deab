package io.pgvault.job.runner;

import io.pgvault.job.jobs.JobService.SubTaskPlan;
import io.pgvault.job.jobs.SubTask;
import io.quarkus.logging.Log;
import java.util.List;
import java.util.UUID;

/**
 * One run's steps as its job records show them: the plan, then each step IN_PROGRESS and COMPLETED.
 * It knows the step under way, so that a run that fails or is cancelled marks that one.
 */
final class JobSteps {

    private final JobLifecycle lifecycle;
    private final UUID jobId;
    private final RunningJob handle;
    private int current = -1;

    JobSteps(JobLifecycle lifecycle, UUID jobId, RunningJob handle) {
        this.lifecycle = lifecycle;
        this.jobId = jobId;
        this.handle = handle;
    }

    /** Announces the steps and the size the job's progress is measured against. */
    void plan(List<SubTaskPlan> plan, long bytesEstimated) {
        lifecycle.plan(jobId, plan, bytesEstimated);
    }

    /** Step {@code position} of the plan starts. */
    void start(int position) {
        current = position;
        lifecycle.subTask(jobId, position, SubTask.Status.IN_PROGRESS, 0, handle.bytes());
    }

    /** The step under way completed, having written or read {@code bytes}. */
    void done(long bytes) {
        lifecycle.subTask(jobId, current, SubTask.Status.COMPLETED, bytes, handle.bytes());
        current = -1;
    }

    /** Marks the step under way (if any) with {@code status}, for a run that ends its job itself. */
    void markCurrent(SubTask.Status status) {
        if (current >= 0) {
            lifecycle.subTask(jobId, current, status, 0, handle.bytes());
            current = -1;
        }
    }

    /** Records a run that did not complete: the step under way (if any), then the job. Never throws. */
    void end(Ending ending) {
        try {
            if (current >= 0) {
                lifecycle.subTask(jobId, current, ending.status(), 0, handle.bytes());
            }
            lifecycle.fail(jobId, ending.error());
        } catch (RuntimeException e) {
            Log.errorf(e, "could not record the end of job %s (the reaper will)", jobId);
        }
    }
}
