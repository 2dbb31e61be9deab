package io.pgvault.retention.sweep;

import io.pgvault.retention.config.RetentionConfig;
import io.pgvault.retention.protection.InstanceDeletions;
import io.pgvault.retention.recoverypoint.PointDeletions;
import io.pgvault.retention.recoverypoint.RecoveryPointRepository;
import io.pgvault.retention.recoverypoint.RecoveryPointRepository.PointRef;
import io.pgvault.retention.store.RecoveryPointStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The scheduled cleanup. Each run: advances pending instance deletions; soft-deletes expired,
 * unheld points above the floor in batches (each batch one transaction that claims its rows with
 * {@code FOR UPDATE SKIP LOCKED}, marks them DELETED and writes RecoveryPointDeleted to the outbox);
 * then purges soft-deleted points whose grace period ended (files removed on a worker thread, then
 * marked PURGED; a store error leaves the point DELETED for the next run).
 */
@ApplicationScoped
public class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);

    private final RecoveryPointRepository points;
    private final PointDeletions deletions;
    private final InstanceDeletions instanceDeletions;
    private final RecoveryPointStore store;
    private final RetentionConfig config;
    private final Clock clock;
    private final Vertx vertx;

    public RetentionSweep(RecoveryPointRepository points, PointDeletions deletions,
            InstanceDeletions instanceDeletions, RecoveryPointStore store, RetentionConfig config, Clock clock,
            Vertx vertx) {
        this.points = points;
        this.deletions = deletions;
        this.instanceDeletions = instanceDeletions;
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    @Scheduled(identity = "retention-sweep", every = "${pgvault.retention.sweep-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return run().invoke(report -> {
            if (report.deleted() + report.purged() + report.purgeFailures() + report.instancesDrained() > 0) {
                LOG.infof("retention sweep: %s", report);
            }
        }).onFailure().recoverWithItem(failure -> {
            LOG.warnf("retention sweep failed (%s); the next run retries", failure.getMessage());
            return null;
        }).replaceWithVoid();
    }

    /** One full run at the clock's now. */
    public Uni<SweepReport> run() {
        AtomicInteger drained = new AtomicInteger();
        return instanceDeletions.pending()
                .chain(pending -> Multi.createFrom().iterable(pending)
                        .onItem().transformToUniAndConcatenate(id -> instanceDeletions.drain(id)
                                .invoke(drained::incrementAndGet))
                        .collect().last())
                .chain(() -> deleteExpired(0, 0))
                .chain(deleted -> purge(0, 0, 0).map(p -> new SweepReport(deleted, drained.get(), p[0], p[1])));
    }

    /** Soft-deletes batch after batch until a batch comes back short or the run's bound is reached. */
    Uni<Integer> deleteExpired(int batches, int total) {
        int size = config.sweepBatchSize();
        return deleteBatch(size).chain(n -> n == size && batches + 1 < config.sweepMaxBatches()
                ? deleteExpired(batches + 1, total + n)
                : Uni.createFrom().item(total + n));
    }

    /** One batch in one transaction; answers how many points it deleted. */
    public Uni<Integer> deleteBatch(int size) {
        return Panache.withTransaction(() -> {
            Instant now = clock.instant();
            return points.claimDeletable(now, config.floor(), size)
                    .chain(claimed -> deletions.softDelete(claimed, PointDeletions.EXPIRED, now));
        });
    }

    private Uni<int[]> purge(int batches, int purged, int failed) {
        int size = config.sweepBatchSize();
        return purgeBatch(size).chain(r -> r[2] == size && r[1] == 0 && batches + 1 < config.sweepMaxBatches()
                ? purge(batches + 1, purged + r[0], failed + r[1])
                : Uni.createFrom().item(new int[] {purged + r[0], failed + r[1]}));
    }

    /** Purges one batch: answers {purged, failed, claimed}. */
    private Uni<int[]> purgeBatch(int size) {
        return Panache.withTransaction(() -> {
            Instant now = clock.instant();
            Instant deletedBefore = now.minus(config.gracePeriod());
            return points.claimPurgeable(deletedBefore, size).chain(claimed -> removeFiles(claimed)
                    .chain(removed -> points.markPurged(removed.stream().map(PointRef::id).toList(), now)
                            .map(x -> new int[] {removed.size(), claimed.size() - removed.size(), claimed.size()})));
        });
    }

    /** Removes the claimed points' directories on a worker thread; answers those that are gone. */
    private Uni<List<PointRef>> removeFiles(List<PointRef> claimed) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return vertx.executeBlocking(() -> claimed.stream().filter(ref -> {
            try {
                store.deletePoint(ref.instanceId(), ref.id());
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("purge of %s failed (%s); it stays deleted and is retried", ref.id(), e.getMessage());
                return false;
            }
        }).toList(), false);
    }
}
