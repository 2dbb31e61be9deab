package io.pgvault.job.runner;

import io.pgvault.contracts.common.Operation;
import io.pgvault.job.client.RetentionClient;
import io.pgvault.job.config.JobConfig;
import io.pgvault.job.jobs.ClaimedJob;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobService;
import io.pgvault.job.jobs.JobSummary;
import io.pgvault.job.jobs.JobUpdates;
import io.pgvault.platform.concurrent.CoalescingRunner;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.WorkerExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Picks queued jobs for free workers ({@code pgvault.job.concurrency} at once, one backup per
 * instance) and runs them on the job worker pool, never on the event loop; records the heartbeat
 * and progress of the running ones.
 *
 * <p>The jobs have a Vert.x worker pool of their own, {@code pgvault-job}: a job runs for minutes or
 * hours, so it must neither hold a thread of the default pool (short blocking work) nor be reported
 * as a blocked thread; the pool's size is the concurrency.
 *
 * <p>When it picks: the moment a job is recorded ({@link #wake}, called after the consumer's commit) and the
 * moment a worker is freed, and every {@code pgvault.job.dispatch-interval} as a fallback (jobs recorded by
 * another replica, a claim that failed). Picks never overlap ({@link CoalescingRunner}), so the count of free
 * workers and the instances already running hold while one claims. Progress of the running jobs is recorded
 * and announced on the live stream every {@code pgvault.job.progress-interval} (1 s).
 */
@ApplicationScoped
public class JobWorker {

    static final String POOL = "pgvault-job";

    private final JobService service;
    private final JobUpdates updates;
    private final RunningJobs running;
    private final BackupRunner backups;
    private final RestoreRunner restores;
    private final VerifyRunner verifications;
    private final JobConfig config;
    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final RetentionClient retention;
    private final CoalescingRunner dispatcher;

    public JobWorker(JobService service, JobUpdates updates, RunningJobs running, BackupRunner backups,
            RestoreRunner restores, VerifyRunner verifications, JobConfig config, Vertx vertx, RetentionClient retention) {
        this.verifications = verifications;
        this.retention = retention;
        this.service = service;
        this.updates = updates;
        this.running = running;
        this.backups = backups;
        this.restores = restores;
        this.config = config;
        this.vertx = vertx;
        this.workers = vertx.createSharedWorkerExecutor(POOL, Math.max(1, config.concurrency()), Long.MAX_VALUE,
                TimeUnit.NANOSECONDS);
        this.dispatcher = new CoalescingRunner("job dispatch", vertx.getDelegate(), this::dispatch);
    }

    /** Picks queued jobs for free workers now (or right after the pick going on); returns at once. */
    public void wake() {
        dispatcher.wake();
    }

    @Scheduled(every = "${pgvault.job.dispatch-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledDispatch() {
        dispatcher.wake();
    }

    private Uni<Boolean> dispatch() {
        int free = config.concurrency() - running.size();
        if (free <= 0) {
            return Uni.createFrom().item(false);
        }
        return service.claim(free, running.backupInstances())
                .invoke(claimed -> claimed.forEach(this::submit))
                .onFailure().invoke(e -> Log.warnf("could not pick queued jobs: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWith(false);
    }

    /**
     * Runs a claimed job on the pool, from a duplicated context of its own: the runner's calls back into
     * the reactive use cases run on that context, so two jobs never share a database session.
     */
    private void submit(ClaimedJob job) {
        boolean backup = job.operation() == Operation.BACKUP;
        Duration limit = backup ? config.maxDuration().backup()
                : job.operation() == Operation.VERIFY ? config.verify().maxDuration() : config.maxDuration().restore();
        RunningJob handle = running.register(job.id(), job.instanceId(), backup, job.startedAt().plus(limit));
        // The maximum duration: the job's process tree is killed and the job ends MAX_DURATION_EXCEEDED.
        long timer = vertx.setTimer(Math.max(1, limit.toMillis()), fired -> handle.stop(
                ErrorCode.MAX_DURATION_EXCEEDED.error("the " + job.operation().name().toLowerCase(Locale.ROOT)
                        + " ran longer than its maximum duration of " + limit + " (pgvault.job.max-duration."
                        + job.operation().name().toLowerCase(Locale.ROOT) + ") and was stopped")));
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext().getDelegate());
        context.runOnContext(start -> workers.executeBlocking(() -> run(job, handle, timer), false)
                .subscribe().with(done -> { }, e -> Log.errorf(e, "job %s stopped unexpectedly", job.id())));
    }

    private Void run(ClaimedJob job, RunningJob handle, long timer) {
        try {
            if (job.operation() == Operation.BACKUP) {
                backups.run(job, handle);
            } else if (job.operation() == Operation.VERIFY) {
                verifications.run(job, handle);
            } else {
                restores.run(job, handle);
            }
        } finally {
            vertx.cancelTimer(timer);
            running.remove(job.id());
            dispatcher.wake(); // a worker is free: the next queued job starts now, not at the next poll
        }
        return null;
    }

    @Scheduled(every = "${pgvault.job.heartbeat-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> heartbeat() {
        return recordProgress().chain(this::renewHolds);
    }

    /**
     * The running jobs' bytes so far, recorded (which renews their lease too) and announced on the live job
     * stream, so a watcher sees a running job move every second, not only at the heartbeat.
     */
    @Scheduled(every = "${pgvault.job.progress-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> progress() {
        return recordProgress();
    }

    private Uni<Void> recordProgress() {
        Map<UUID, Long> progress = new HashMap<>();
        running.all().forEach(job -> progress.put(job.id(), job.bytes()));
        if (progress.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return service.heartbeat(progress)
                .invoke(summaries -> {
                    summaries.forEach(updates::publish);
                    Set<UUID> stillOurs = summaries.stream().map(JobSummary::id).collect(Collectors.toSet());
                    progress.keySet().stream().filter(id -> !stillOurs.contains(id)).forEach(id -> {
                        // Cancelled through another replica, or reaped: this replica no longer owns it.
                        Log.infof("job %s is no longer running here (cancelled or reaped elsewhere): stopping it", id);
                        running.cancel(id);
                    });
                })
                .onFailure().invoke(e -> Log.warnf("could not record heartbeats: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** The restore holds of running restores live as long as the restore: renewed with every heartbeat. */
    private Uni<Void> renewHolds() {
        List<Uni<Void>> renewals = running.all().stream().filter(job -> job.hold() != null && !job.isCancelled())
                .map(job -> retention.renew(job.hold(), config.holdLeaseSeconds())).toList();
        return renewals.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(renewals).andCollectFailures()
                .replaceWithVoid();
    }

    @PreDestroy
    void stop() {
        // A graceful stop ends this replica's jobs as INTERRUPTED (retry them), each runner removing its own
        // debris; if this process dies first, they stay IN_PROGRESS until their lease expires, and then a
        // reaper (of any replica) fails them as INTERRUPTED and removes their debris.
        running.all().forEach(job -> job.stop(ErrorCode.INTERRUPTED.error(
                "job-service was shut down while the job ran.")));
        workers.closeAndForget();
    }
}
