package io.pgvault.job.runner;

import io.pgvault.contracts.common.Operation;
import io.pgvault.job.config.JobConfig;
import io.pgvault.job.job.ClaimedJob;
import io.pgvault.job.job.JobService;
import io.pgvault.job.job.JobUpdates;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks queued jobs for free workers ({@code pgvault.job.concurrency} at once, one backup per
 * instance) and runs them on its own worker threads, never on the event loop; records the
 * heartbeat and progress of the running ones.
 */
@ApplicationScoped
public class JobWorker {

    private final JobService service;
    private final JobUpdates updates;
    private final RunningJobs running;
    private final BackupRunner backups;
    private final RestoreRunner restores;
    private final JobConfig config;
    private final ExecutorService workers;

    public JobWorker(JobService service, JobUpdates updates, RunningJobs running, BackupRunner backups,
            RestoreRunner restores, JobConfig config) {
        this.service = service;
        this.updates = updates;
        this.running = running;
        this.backups = backups;
        this.restores = restores;
        this.config = config;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.concurrency()), task -> {
            Thread thread = new Thread(task, "pgvault-job-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
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

    private void submit(ClaimedJob job) {
        RunningJob handle = running.register(job.id(), job.instanceId(), job.operation() == Operation.BACKUP);
        workers.execute(() -> {
            try {
                if (job.operation() == Operation.BACKUP) {
                    backups.run(job, handle);
                } else {
                    restores.run(job, handle);
                }
            } finally {
                running.remove(job.id());
            }
        });
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
        workers.shutdownNow();
    }
}
