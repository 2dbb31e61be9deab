package io.pgvault.job.runner;

import io.pgvault.job.jobs.JobService.SubTaskPlan;
import io.pgvault.job.jobs.SubTask;
import io.quarkus.logging.Log;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One run's steps as its job records show them: the plan, then each step IN_PROGRESS and COMPLETED.
 * It knows the steps under way (several when a backup dumps databases concurrently), so that a run that fails or
 * is cancelled marks those. Thread-safe.
 */
final class JobSteps {

    private final JobLifecycle lifecycle;
    private final UUID jobId;
    private final RunningJob handle;
    private final Set<Integer> current = new LinkedHashSet<>();

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
        synchronized (current) {
            current.add(position);
        }
        lifecycle.subTask(jobId, position, SubTask.Status.IN_PROGRESS, 0, handle.bytes());
    }

    /** The one step under way completed, having written or read {@code bytes}. */
    void done(long bytes) {
        int position;
        synchronized (current) {
            if (current.size() != 1) {
                throw new IllegalStateException("steps under way: " + current);
            }
            position = current.iterator().next();
        }
        done(position, bytes);
    }

    /** Step {@code position} completed, having written or read {@code bytes}. */
    void done(int position, long bytes) {
        lifecycle.subTask(jobId, position, SubTask.Status.COMPLETED, bytes, handle.bytes());
        synchronized (current) {
            current.remove(position);
        }
    }

    /** Marks the step under way (if any) with {@code status}, for a run that ends its job itself. */
    void markCurrent(SubTask.Status status) {
        List<Integer> underWay;
        synchronized (current) {
            underWay = List.copyOf(current);
            current.clear();
        }
        for (int position : underWay) {
            lifecycle.subTask(jobId, position, status, 0, handle.bytes());
        }
    }

    /** Records a run that did not complete: the step under way (if any), then the job. Never throws. */
    void end(Ending ending) {
        try {
            List<Integer> underWay;
            synchronized (current) {
                underWay = List.copyOf(current);
            }
            for (int position : underWay) {
                lifecycle.subTask(jobId, position, ending.status(), 0, handle.bytes());
            }
            lifecycle.fail(jobId, ending.error());
        } catch (RuntimeException e) {
            Log.errorf(e, "could not record the end of job %s (the reaper will)", jobId);
        }
    }
}
