package io.pgvault.job.reaper;

import io.pgvault.contracts.common.Operation;
import io.pgvault.job.config.JobConfig;
import io.pgvault.job.jobs.JobService;
import io.pgvault.job.jobs.JobUpdates;
import io.pgvault.job.runner.RunningJobs;
import io.pgvault.job.store.RecoveryPointStore;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Never stuck: a running job whose heartbeat is older than {@code pgvault.job.stale-after} (its
 * service died) is failed as INTERRUPTED and its partial point removed. At start-up every job still
 * IN_PROGRESS is treated so at once: one job-service replica per database is assumed, so such a
 * job can only be a leftover of this service's previous life. With several replicas the start-up
 * pass must be dropped; the stale-heartbeat rule alone covers them.
 */
@ApplicationScoped
public class Reaper {

    private final JobService service;
    private final JobUpdates updates;
    private final RunningJobs running;
    private final RecoveryPointStore store;
    private final JobConfig config;
    private final Clock clock;
    private final Vertx vertx;

    public Reaper(JobService service, JobUpdates updates, RunningJobs running, RecoveryPointStore store,
            JobConfig config, Clock clock, Vertx vertx) {
        this.service = service;
        this.updates = updates;
        this.running = running;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> reapOlderThan(clock.instant().plusSeconds(1), Set.of()));
        } catch (Throwable e) {
            Log.errorf(e, "could not fail the jobs left running by the previous start; the reaper will retry");
        }
    }

    @Scheduled(every = "${pgvault.job.reaper-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> reap() {
        return reapOlderThan(clock.instant().minus(config.staleAfter()), running.ids())
                .onFailure().invoke(e -> Log.warnf("reaper run failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> reapOlderThan(Instant staleBefore, Set<UUID> runningHere) {
        return service.reap(staleBefore, runningHere).chain(this::cleanUp);
    }

    private Uni<Void> cleanUp(List<JobService.ReapedJob> reaped) {
        if (reaped.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        reaped.forEach(job -> {
            Log.warnf("job %s of instance %s had no heartbeat: failed as INTERRUPTED", job.id(), job.instanceId());
            updates.publish(job.summary());
        });
        // File I/O: on a worker thread of the default pool, back on this context afterwards.
        return vertx.executeBlocking(() -> {
            for (JobService.ReapedJob job : reaped) {
                if (job.operation() == Operation.BACKUP && job.recoveryPointId() != null) {
                    try {
                        store.discardPartial(job.instanceId(), job.recoveryPointId());
                    } catch (IOException e) {
                        Log.warnf("could not remove the partial point of job %s: %s", job.id(), e.getMessage());
                    }
                }
            }
            return (Void) null;
        }, false);
    }
}
