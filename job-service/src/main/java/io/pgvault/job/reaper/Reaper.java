package io.pgvault.job.reaper;

import io.pgvault.contracts.common.Operation;
import io.pgvault.job.config.JobConfig;
import io.pgvault.job.jobs.JobService;
import io.pgvault.job.jobs.JobUpdates;
import io.pgvault.job.runner.RestoreDebris;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Never stuck, safe with several replicas: a running job whose lease expired (its replica died, or lost
 * the database for longer than {@code pgvault.job.stale-after}) is failed as INTERRUPTED by the reaper of
 * any replica, and the debris it left is removed: the partial point of a backup; the staging directory
 * and the half-restored databases it created of a restore ({@link RestoreDebris}); the scratch databases of
 * a verification. A job is never
 * reaped because some process started: a rolling restart leaves the jobs other replicas run alone, and
 * a restarted replica's own leftovers are reaped when their lease runs out. At start-up the pass runs
 * once at once, and also removes staging directories under the restore root whose job no longer runs.
 * Temporary password files live in each replica's private directory, emptied at its start-up
 * ({@code PrivateDirectory}).
 */
@ApplicationScoped
public class Reaper {

    private final JobService service;
    private final JobUpdates updates;
    private final RunningJobs running;
    private final RecoveryPointStore store;
    private final RestoreDebris restoreDebris;
    private final JobConfig config;
    private final Clock clock;
    private final Vertx vertx;

    public Reaper(JobService service, JobUpdates updates, RunningJobs running, RecoveryPointStore store,
            RestoreDebris restoreDebris, JobConfig config, Clock clock, Vertx vertx) {
        this.service = service;
        this.updates = updates;
        this.running = running;
        this.store = store;
        this.restoreDebris = restoreDebris;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> pass().chain(this::removeOrphanStaging));
        } catch (Throwable e) {
            Log.errorf(e, "the start-up reaper pass failed; the scheduled reaper will retry");
        }
    }

    @Scheduled(every = "${pgvault.job.reaper-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> reap() {
        return pass()
                .onFailure().invoke(e -> Log.warnf("reaper run failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Fails the jobs whose lease expired, then removes the debris of every dead job still carrying some. */
    private Uni<Void> pass() {
        return service.reap(clock.instant().minus(config.staleAfter()), running.ids())
                .invoke(this::announce)
                .chain(reaped -> service.debrisPending())
                .chain(this::removeDebris);
    }

    private void announce(List<JobService.ReapedJob> reaped) {
        reaped.forEach(job -> {
            Log.warnf("job %s of instance %s: lease expired, failed as INTERRUPTED", job.id(), job.instanceId());
            updates.publish(job.summary());
        });
    }

    /** File and database work on a worker thread of the default pool; each job's success recorded after. */
    private Uni<Void> removeDebris(List<JobService.DeadJob> dead) {
        if (dead.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return vertx.executeBlocking(() -> {
            List<UUID> removed = new ArrayList<>();
            for (JobService.DeadJob job : dead) {
                try {
                    if (job.operation() == Operation.BACKUP) {
                        if (job.recoveryPointId() != null) {
                            store.discardPartial(job.instanceId(), job.recoveryPointId());
                        }
                    } else if (job.operation() == Operation.VERIFY) {
                        // The scratch databases on the verification server, marked as a restore's are.
                        restoreDebris.removeVerification(job.id(), job.request(), job.targetDatabases());
                    } else {
                        restoreDebris.remove(job.id(), job.request(), job.targetDatabases());
                    }
                    removed.add(job.id());
                } catch (IOException | RuntimeException e) {
                    Log.warnf("could not remove the debris of dead job %s (next reaper run retries): %s", job.id(),
                            e.getMessage());
                }
            }
            return removed;
        }, false).chain(removed -> {
            Uni<Void> marked = Uni.createFrom().voidItem();
            for (UUID id : removed) {
                marked = marked.chain(() -> service.debrisRemoved(id));
            }
            return marked;
        });
    }

    /** Staging directories of restores that no longer run (a job older than the debris bookkeeping, or lost). */
    private Uni<Void> removeOrphanStaging() {
        return vertx.executeBlocking(restoreDebris::stagingDirectories, false).chain(found -> {
            Uni<Void> done = Uni.createFrom().voidItem();
            Set<UUID> here = running.ids();
            for (RestoreDebris.StagingDirectory dir : found) {
                if (here.contains(dir.jobId())) {
                    continue;
                }
                done = done.chain(() -> service.isLive(dir.jobId()).chain(live -> live
                        ? Uni.createFrom().voidItem()
                        : vertx.executeBlocking(() -> {
                            dir.remove();
                            return (Void) null;
                        }, false)));
            }
            return done;
        });
    }
}
