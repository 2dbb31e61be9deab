package io.pgvault.retention.protection;

import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.platform.outbox.Outbox;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.retention.catalog.PointDeletions;
import io.pgvault.retention.catalog.PointState;
import io.pgvault.retention.catalog.RecoveryPoint;
import io.pgvault.retention.catalog.RecoveryPointRepository;
import io.pgvault.retention.catalog.RecoveryPointRepository.PointRef;
import io.pgvault.retention.vault.ImmutabilityRule;
import io.pgvault.retention.vault.VaultRepository;
import io.pgvault.retention.vault.VaultState;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Deleting all of an instance's data (stop with DELETE_DATA, or instance deleted): every live point
 * goes at once, floor and holds notwithstanding, except points a restore is reading (an active
 * RESTORE hold; those go when the hold ends) and, under an immutable vault, points not yet expired.
 * After DELETE_DATA, InstanceDataPurged is published once nothing live is left; after the instance's
 * deletion, once its points are purged too (the grace period, during which it can be undeleted).
 */
@ApplicationScoped
public class InstanceDeletions {

    private static final int BATCH = 1000;

    private final InstanceDeletionRepository requests;
    private final RecoveryPointRepository points;
    private final PointDeletions deletions;
    private final Outbox outbox;
    private final VaultRepository vault;
    private final Clock clock;

    public InstanceDeletions(InstanceDeletionRepository requests, RecoveryPointRepository points,
            PointDeletions deletions, Outbox outbox, VaultRepository vault, Clock clock) {
        this.requests = requests;
        this.points = points;
        this.deletions = deletions;
        this.outbox = outbox;
        this.vault = vault;
        this.clock = clock;
    }

    /** Records the request and deletes what it can now, in the caller's transaction. */
    @WithTransaction
    public Uni<Void> request(UUID instanceId, String reason) {
        Instant now = clock.instant();
        return requests.findById(instanceId)
                .chain(existing -> {
                    InstanceDeletion d = existing != null ? existing : new InstanceDeletion();
                    d.instanceId = instanceId;
                    d.reason = reason;
                    d.requestedAt = now;
                    d.pointsDeleted = 0;
                    d.purgedAt = null;
                    return existing != null ? Uni.createFrom().item(d) : requests.persist(d);
                })
                .chain(d -> drain(d, now));
    }

    /** The data deletion requested for an instance, if one was: why, and whether it is still going on. */
    @WithSession
    public Uni<Optional<DataDeletion>> dataDeletion(UUID instanceId) {
        return requests.findById(instanceId)
                .map(d -> Optional.ofNullable(d).map(found -> new DataDeletion(found.reason, found.purgedAt == null)));
    }

    /** Instances whose deletion still waits for restore holds. */
    @WithSession
    public Uni<List<UUID>> pending() {
        return requests.pending();
    }

    /** Deletes what it can of a pending instance now; used by the sweep. */
    @WithTransaction
    public Uni<Void> drain(UUID instanceId) {
        Instant now = clock.instant();
        return requests.findById(instanceId)
                .chain(d -> d == null || d.purgedAt != null ? Uni.createFrom().voidItem() : drain(d, now));
    }

    /**
     * Deletes what it can now. Under an immutable vault (read under a share lock, at the moment of deletion)
     * only points whose expiry has passed go; the others stay live until they expire, and the sweep's next
     * runs take them (the deletion stays pending until then, as with a restore hold).
     */
    private Uni<Void> drain(InstanceDeletion d, Instant now) {
        return vault.forDeletion().chain(state -> drain(d, now, state));
    }

    private Uni<Void> drain(InstanceDeletion d, Instant now, VaultState state) {
        boolean immutable = state.immutability().protectsPoints();
        return points.claimForInstanceDeletion(d.instanceId, now, immutable, BATCH)
                .chain(claimed -> !immutable ? Uni.createFrom().item(claimed)
                        : points.facts(claimed.stream().map(PointRef::id).toList()).map(facts -> facts.stream()
                                .filter(f -> ImmutabilityRule.allowsDeletion(state.immutability(), f, now))
                                .map(f -> new PointRef(f.id(), f.instanceId())).toList()))
                .chain(claimed -> deletions.softDelete(claimed, d.reason, now))
                .chain(deleted -> {
                    d.pointsDeleted += deleted;
                    return deleted == BATCH ? drain(d, now, state) : points.countLive(d.instanceId).chain(live -> {
                        if (live > 0) {
                            return Uni.createFrom().voidItem();
                        }
                        if (ProtectionService.INSTANCE_DELETED.equals(d.reason)) {
                            // a deleted instance can be undeleted until its points are purged (the grace period)
                            return points.countUnpurged(d.instanceId).chain(left -> left > 0
                                    ? Uni.createFrom().voidItem() : purged(d, now));
                        }
                        return purged(d, now);
                    });
                });
    }

    /**
     * After a purge before the grace period, in the caller's transaction: a deleted instance with nothing left
     * (no live, no unpurged point) is done, and InstanceDataPurged goes out.
     */
    public Uni<Void> afterEarlyPurge(UUID instanceId) {
        Instant now = clock.instant();
        return requests.findById(instanceId).chain(d -> d == null || d.purgedAt != null
                || !ProtectionService.INSTANCE_DELETED.equals(d.reason) ? Uni.createFrom().voidItem()
                : points.countLive(instanceId).chain(live -> live > 0 ? Uni.createFrom().voidItem()
                        : points.countUnpurged(instanceId).chain(left -> left > 0 ? Uni.createFrom().voidItem()
                                : purged(d, now))));
    }

    /** Brings a deleted instance's points back (those not purged yet); answers them, now LIVE. Caller's transaction. */
    public Uni<List<RecoveryPoint>> undelete(UUID instanceId) {
        return requests.findById(instanceId).chain(d -> {
            if (d == null || d.purgedAt != null || !ProtectionService.INSTANCE_DELETED.equals(d.reason)) {
                return Uni.createFrom().item(List.<RecoveryPoint>of());
            }
            return points.undeleteInstance(instanceId).chain(back -> requests.delete(d).replaceWith(back));
        });
    }

    /**
     * Refuses the undelete of one point with 409 unless it is DELETED, its instance was not deleted, and its
     * instance's data is not being deleted ({@code deletion}: the instance's data deletion, if one was requested).
     */
    public static void requireUndeletable(RecoveryPoint p, Optional<DataDeletion> deletion) {
        if (p.state != PointState.DELETED) {
            throw ProblemException.invalidState("undelete", p.state, List.of(PointState.DELETED));
        }
        if (ProtectionService.INSTANCE_DELETED.equals(p.deleteReason)) {
            throw ProblemException.conflict("the point's backup instance was deleted",
                    Map.of("deleteReason", p.deleteReason));
        }
        if (deletion.isPresent() && deletion.get().pending()) {
            throw ProblemException.conflict("the data of the point's instance is being deleted",
                    Map.of("deleteReason", deletion.get().reason()));
        }
    }

    /** Nothing of the instance is left to delete: InstanceDataPurged goes out, once. */
    private Uni<Void> purged(InstanceDeletion d, Instant now) {
        d.purgedAt = now;
        return outbox.publish(new InstanceDataPurged(UUID.randomUUID(), d.instanceId, now, d.pointsDeleted));
    }
}
