package io.pgvault.job.runner;

import io.pgvault.contracts.common.ManifestRef;
import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.common.VerificationEvidence;
import io.pgvault.job.jobs.JobError;
import io.pgvault.job.jobs.JobService;
import io.pgvault.job.jobs.JobSummary;
import io.pgvault.job.jobs.JobUpdates;
import io.pgvault.job.jobs.SubTask;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.hibernate.StaleObjectStateException;

/**
 * The runners' (blocking, worker-thread) view of {@link JobService}: each call runs the reactive
 * use case on a Vert.x context, waits for its commit, then announces the change on the live feed.
 */
@ApplicationScoped
public class JobLifecycle {

    private final JobService service;
    private final JobUpdates updates;

    public JobLifecycle(JobService service, JobUpdates updates) {
        this.service = service;
        this.updates = updates;
    }

    /** The steps of one run of {@code jobId}. */
    JobSteps steps(UUID jobId, RunningJob handle) {
        return new JobSteps(this, jobId, handle);
    }

    /**
     * Runs reactive work from a job's worker thread and waits for it: the work runs on the thread's
     * Vert.x context, the job's own (see {@link JobWorker}).
     */
    static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    void plan(UUID jobId, List<JobService.SubTaskPlan> plan, Long bytesEstimated) {
        updates.publish(await(() -> service.plan(jobId, plan, bytesEstimated)));
    }

    void subTask(UUID jobId, int position, SubTask.Status status, long bytes, long jobBytes) {
        await(() -> service.subTask(jobId, position, status, bytes, jobBytes));
    }

    /**
     * Completes the job; false if it was cancelled or reaped meanwhile, also when that happened between
     * this replica's read and its write (the version check refuses the stale write).
     */
    boolean complete(UUID jobId, long bytes, RecoveryPointManifest manifest, PolicySnapshot policy) {
        return complete(jobId, bytes, manifest, null, policy);
    }

    /** Completes a backup whose manifest is stored as {@code stored} (see {@link JobService#complete}). */
    boolean complete(UUID jobId, long bytes, RecoveryPointManifest manifest, ManifestRef stored, PolicySnapshot policy) {
        JobSummary summary;
        try {
            summary = await(() -> service.complete(jobId, bytes, manifest, stored, policy));
        } catch (RuntimeException e) {
            if (isStaleWrite(e)) {
                return false;
            }
            throw e;
        }
        if (summary != null) {
            updates.publish(summary);
        }
        return summary != null;
    }

    /** Ends a verification with its outcome (see {@link JobService#endVerification}). */
    void endVerification(UUID jobId, VerificationEvidence evidence, JobError failure) {
        JobSummary summary = await(() -> service.endVerification(jobId, evidence, failure));
        if (summary != null) {
            updates.publish(summary);
        }
    }

    /** Records the digest of the manifest a backup stored. */
    void recordManifestDigest(UUID jobId, String sha256) {
        await(() -> service.recordManifestDigest(jobId, sha256));
    }

    /** The catalog's digest of a point's manifest; empty for points from before digests were kept. */
    java.util.Optional<String> manifestDigestOf(UUID recoveryPointId) {
        return await(() -> service.manifestDigestOf(recoveryPointId));
    }

    /** Records a database the restore is about to create; false if the job no longer runs here. */
    boolean recordTargetDatabase(UUID jobId, String database) {
        return await(() -> service.recordTargetDatabase(jobId, database));
    }

    /** An optimistic-locking failure: another writer (a reaper, a cancel) changed the job first. */
    static boolean isStaleWrite(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleObjectStateException) {
                return true;
            }
        }
        return false;
    }

    void fail(UUID jobId, JobError error) {
        JobSummary summary = await(() -> service.fail(jobId, error));
        if (summary != null) {
            updates.publish(summary);
        }
    }
}
