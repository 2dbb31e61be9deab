package io.pgvault.retention.sweep;

import io.pgvault.retention.catalog.PointDeletions;
import io.pgvault.retention.catalog.RecoveryPointRepository;
import io.pgvault.retention.catalog.RecoveryPointRepository.PointRef;
import io.pgvault.retention.config.RetentionConfig;
import io.pgvault.retention.protection.InstanceDeletions;
import io.pgvault.retention.store.RecoveryPointStore;
import io.pgvault.retention.vault.VaultRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The scheduled cleanup. Each run: advances pending instance deletions; soft-deletes expired,
 * unheld points above the floor in batches (each batch one transaction that claims its rows with
 * {@code FOR UPDATE SKIP LOCKED}, re-checks holds, floor and immutability under that lock
 * ({@link PointDeletions#deleteIfStillDeletable}), marks them DELETED and writes RecoveryPointDeleted to
 * the outbox); then purges soft-deleted points whose grace period (the vault's) ended (files removed on a
 * worker thread, then marked PURGED; a store error leaves the point DELETED for the next run).
 */
@ApplicationScoped
public class RetentionSweep {

    private static final Logger LOG = Logger.getLogger(RetentionSweep.class);

    /** Delete reason of a point the sweep deleted: it expired, nothing held it, and it was above the floor. */
    public static final String EXPIRED = "EXPIRED";

    private final RecoveryPointRepository points;
    private final PointDeletions deletions;
    private final InstanceDeletions instanceDeletions;
    private final RecoveryPointStore store;
    private final VaultRepository vault;
    private final RetentionConfig config;
    private final Clock clock;
    private final SweepLock lock;

    public RetentionSweep(RecoveryPointRepository points, PointDeletions deletions,
            InstanceDeletions instanceDeletions, RecoveryPointStore store, VaultRepository vault, RetentionConfig config,
            Clock clock, SweepLock lock) {
        this.lock = lock;
        this.points = points;
        this.deletions = deletions;
        this.instanceDeletions = instanceDeletions;
        this.store = store;
        this.vault = vault;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(identity = "retention-sweep", every = "${pgvault.retention.sweep-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        // one replica sweeps at a time; the others skip this interval (report null)
        return lock.exclusively(this::run).invoke(report -> {
            if (report != null && report.deleted() + report.purged() + report.purgeFailures() + report.instancesDrained() > 0) {
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
                .chain(deleted -> purge(0, PurgeCount.NONE).map(p -> new SweepReport(deleted, drained.get(), p.purged(),
                        p.failed())));
    }

    /** Soft-deletes batch after batch until a batch comes back short or the run's bound is reached. */
    Uni<Integer> deleteExpired(int batches, int total) {
        int size = config.sweepBatchSize();
        return deleteBatch(size).chain(n -> n == size && batches + 1 < config.sweepMaxBatches()
                ? deleteExpired(batches + 1, total + n)
                : Uni.createFrom().item(total + n));
    }

    /**
     * One batch in one transaction; answers how many points it deleted. The claim decides on the statement's
     * snapshot and locks; the deletion step then re-checks under the lock.
     */
    public Uni<Integer> deleteBatch(int size) {
        return Panache.withTransaction(() -> {
            Instant now = clock.instant();
            return vault.forDeletion().chain(state -> points.claimDeletable(now, state.floor(), size)
                    .chain(claimed -> deletions.deleteIfStillDeletable(claimed.stream().map(PointRef::id).toList(),
                            EXPIRED, now, state.floor(), state)));
        });
    }

    /** What the sweep would delete now, decided on a snapshot without locking (the decision, on its own). */
    public Uni<List<UUID>> decide(int size) {
        return Panache.withSession(() -> vault.current().chain(state -> points.deletableAt(clock.instant(),
                state.floor(), null, size)));
    }

    /**
     * The deletion step on its own, for points decided earlier ({@link #decide}): the same path a batch takes
     * after its claim, so whatever changed in between (a hold, the vault, the row) is seen.
     */
    public Uni<Integer> deleteDecided(List<UUID> decided) {
        return Panache.withTransaction(() -> {
            Instant now = clock.instant();
            return vault.forDeletion().chain(state -> deletions.deleteIfStillDeletable(decided, EXPIRED, now,
                    state.floor(), state));
        });
    }

    /**
     * What the purge did.
     *
     * @param purged  points whose files were removed and that are now PURGED
     * @param failed  points whose files could not be removed (they stay DELETED for the next run)
     * @param claimed points the purge claimed
     */
    record PurgeCount(int purged, int failed, int claimed) {

        static final PurgeCount NONE = new PurgeCount(0, 0, 0);

        PurgeCount plus(PurgeCount batch) {
            return new PurgeCount(purged + batch.purged, failed + batch.failed, claimed + batch.claimed);
        }
    }

    /** Purges batch after batch until a batch comes back short or fails, or the run's bound is reached. */
    private Uni<PurgeCount> purge(int batches, PurgeCount total) {
        int size = config.sweepBatchSize();
        return purgeBatch(size).chain(batch -> batch.claimed() == size && batch.failed() == 0
                && batches + 1 < config.sweepMaxBatches()
                ? purge(batches + 1, total.plus(batch))
                : Uni.createFrom().item(total.plus(batch)));
    }

    /** Purges one batch in one transaction: files first, then the rows of the points whose files are gone. */
    private Uni<PurgeCount> purgeBatch(int size) {
        return Panache.withTransaction(() -> {
            Instant now = clock.instant();
            return vault.forDeletion().chain(state -> points.claimPurgeable(now.minus(state.gracePeriod()), size))
                    .chain(claimed -> store.deletePoints(claimed)
                    .chain(removed -> points.markPurged(removed.stream().map(PointRef::id).toList(), now)
                            .map(x -> new PurgeCount(removed.size(), claimed.size() - removed.size(), claimed.size()))));
        });
    }
}
