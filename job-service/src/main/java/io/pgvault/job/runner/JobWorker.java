package io.pgvault.job.runner;

import io.pgvault.contracts.common.Operation;
import io.pgvault.job.config.JobConfig;
import io.pgvault.job.jobs.ClaimedJob;
import io.pgvault.job.jobs.JobService;
import io.pgvault.job.jobs.JobUpdates;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Picks queued jobs for free workers ({@code pgvault.job.concurrency} at once, one backup per
 * instance) and runs them on the job worker pool, never on the event loop; records the heartbeat
 * and progress of the running ones.
 *
 * <p>The jobs have a Vert.x worker pool of their own, {@code pgvault-job}: a job runs for minutes or
 * hours, so it must neither hold a thread of the default pool (short blocking work) nor be reported
 * as a blocked thread; the pool's size is the concurrency.
 */
@ApplicationScoped
public class JobWorker {

    static final String POOL = "pgvault-job";

    private final JobService service;
    private final JobUpdates updates;
    private final RunningJobs running;
    private final BackupRunner backups;
    private final RestoreRunner restores;
    private final JobConfig config;
    private final Vertx vertx;
    private final WorkerExecutor workers;

    public JobWorker(JobService service, JobUpdates updates, RunningJobs running, BackupRunner backups,
            RestoreRunner restores, JobConfig config, Vertx vertx) {
        this.service = service;
        this.updates = updates;
        this.running = running;
        this.backups = backups;
        this.restores = restores;
        this.config = config;
        this.vertx = vertx;
        this.workers = vertx.createSharedWorkerExecutor(POOL, Math.max(1, config.concurrency()), Long.MAX_VALUE,
                TimeUnit.NANOSECONDS);
    }

    @Scheduled(every = "${pgvault.job.dispatch-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> dispatch() {
        int free = config.concurrency() - running.size();
        if (free <= 0) {
            return Uni.createFrom().voidItem();
        }
        return service.claim(free, running.backupInstances())
                .invoke(claimed -> claimed.forEach(this::submit))
                .onFailure().invoke(e -> Log.warnf("could not pick queued jobs: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Runs a claimed job on the pool, from a duplicated context of its own: the runner's calls back into
     * the reactive use cases run on that context, so two jobs never share a database session.
     */
    private void submit(ClaimedJob job) {
        RunningJob handle = running.register(job.id(), job.instanceId(), job.operation() == Operation.BACKUP);
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext().getDelegate());
        context.runOnContext(start -> workers.executeBlocking(() -> run(job, handle), false)
                .subscribe().with(done -> { }, e -> Log.errorf(e, "job %s stopped unexpectedly", job.id())));
    }

    private Void run(ClaimedJob job, RunningJob handle) {
        try {
            if (job.operation() == Operation.BACKUP) {
                backups.run(job, handle);
            } else {
                restores.run(job, handle);
            }
        } finally {
            running.remove(job.id());
        }
        return null;
    }

    @Scheduled(every = "${pgvault.job.heartbeat-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> heartbeat() {
        Map<UUID, Long> progress = new HashMap<>();
        running.all().forEach(job -> progress.put(job.id(), job.bytes()));
        if (progress.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return service.heartbeat(progress)
                .invoke(summaries -> summaries.forEach(updates::publish))
                .onFailure().invoke(e -> Log.warnf("could not record heartbeats: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @PreDestroy
    void stop() {
        // Running jobs stay IN_PROGRESS; the reaper of the next start fails them as INTERRUPTED.
        running.all().forEach(job -> running.cancel(job.id()));
        workers.closeAndForget();
    }
}
