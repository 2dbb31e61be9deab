package io.pgvault.retention.hold;

import io.pgvault.platform.problem.ProblemException;
import io.pgvault.retention.catalog.PointState;
import io.pgvault.retention.catalog.RecoveryPoint;
import io.pgvault.retention.catalog.RecoveryPointRepository;
import io.pgvault.retention.config.RetentionConfig;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Holds: restore leases for job-service, pins for users, and the hold operations a protection stop
 * and resume use (which holds they are is protection's to say).
 */
@ApplicationScoped
public class HoldService {

    /** Owner of a pin taken through the API. */
    public static final String USER = "user";
    /** Owner of the pin an undelete leaves, so the sweep does not take the point straight back. */
    public static final String UNDELETE = "undelete";

    private final HoldRepository holds;
    private final RecoveryPointRepository points;
    private final RetentionConfig config;
    private final Clock clock;

    public HoldService(HoldRepository holds, RecoveryPointRepository points, RetentionConfig config, Clock clock) {
        this.holds = holds;
        this.points = points;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Takes (or, for the same owner, renews) a restore hold, recording {@code createdBy} (the calling
     * service) and the request's {@code onBehalfOf} (the user who asked for the restore). The point's
     * row is locked first, so a sweep either deleted it before (409 here) or sees the hold after.
     */
    @WithTransaction
    public Uni<HoldResponse> takeRestoreHold(UUID pointId, HoldRequest request, String createdBy) {
        if (request.kind() != HoldKind.RESTORE) {
            throw ProblemException.badField("kind", "only RESTORE holds are taken here; a " + request.kind()
                    + " hold: " + request.kind().howToMove());
        }
        int lease = request.leaseSeconds() != null ? request.leaseSeconds() : config.defaultLeaseSeconds();
        if (lease > config.maxLeaseSeconds()) {
            throw ProblemException.badField("leaseSeconds", "must be at most " + config.maxLeaseSeconds());
        }
        Instant now = clock.instant();
        return lockLive(pointId, "taking a restore hold").chain(point -> {
            if (!point.instanceId.equals(request.instanceId())) {
                throw ProblemException.conflict("recovery point " + pointId + " belongs to another instance",
                        Map.of("instanceId", request.instanceId().toString()));
            }
            return holds.findByOwner(pointId, HoldKind.RESTORE, request.owner()).chain(existing -> {
                Hold hold = existing;
                if (hold == null) {
                    hold = newHold(point, HoldKind.RESTORE, request.owner(), createdBy, now);
                    hold.onBehalfOf = request.onBehalfOf();
                }
                hold.leaseSeconds = lease;
                hold.leaseExpiresAt = now.plusSeconds(lease);
                return existing != null ? Uni.createFrom().item(hold) : holds.persist(hold);
            });
        }).map(hold -> HoldResponse.from(hold, now));
    }

    /** Extends a restore hold's lease from now; 409 naming the action that moves any other kind. */
    @WithTransaction
    public Uni<HoldResponse> renew(UUID pointId, UUID holdId, Integer leaseSeconds) {
        Instant now = clock.instant();
        return lockLive(pointId, "renewing a hold")
                .chain(point -> holds.findOnPoint(holdId, pointId))
                .map((Hold hold) -> {
                    if (hold == null) {
                        throw ProblemException.notFound("hold", holdId);
                    }
                    requireRestoreHold(hold, "renewed");
                    int lease = leaseSeconds != null ? leaseSeconds : hold.leaseSeconds;
                    if (lease > config.maxLeaseSeconds()) {
                        throw ProblemException.badField("leaseSeconds", "must be at most " + config.maxLeaseSeconds());
                    }
                    hold.leaseSeconds = lease;
                    hold.leaseExpiresAt = now.plusSeconds(lease);
                    return HoldResponse.from(hold, now);
                });
    }

    /**
     * Releases a restore hold; releasing one that is gone already is fine (a retried release). Any
     * other kind of hold is refused with 409 naming the action that moves it.
     */
    @WithTransaction
    public Uni<Void> release(UUID pointId, UUID holdId) {
        return points.findById(pointId).chain(point -> {
            if (point == null) {
                throw ProblemException.notFound("recovery point", pointId);
            }
            return holds.findOnPoint(holdId, pointId);
        }).chain(hold -> {
            if (hold == null) {
                return Uni.createFrom().voidItem();
            }
            requireRestoreHold(hold, "released");
            return holds.deleteOnPoint(holdId, pointId).replaceWithVoid();
        });
    }

    /** Holds belong to their owner: the holds endpoints move RESTORE holds only. */
    private static void requireRestoreHold(Hold hold, String verb) {
        if (hold.kind != HoldKind.RESTORE) {
            throw ProblemException.conflict("hold " + hold.id + " is a " + hold.kind + " hold, and only RESTORE holds are "
                    + verb + " here: " + hold.kind.howToMove(),
                    Map.of("kind", hold.kind.name(), "movedBy", hold.kind.movedBy()));
        }
    }

    /** Pins a live point (idempotent), recording who pinned it first. */
    public Uni<Void> pin(RecoveryPoint point, String owner, String createdBy) {
        return hold(point, HoldKind.PIN, owner, createdBy);
    }

    /** Removes every pin of a point. */
    public Uni<Long> unpin(UUID pointId) {
        return holds.deleteOfKind(pointId, HoldKind.PIN);
    }

    /** A hold of {@code kind} by {@code owner}, placed by {@code createdBy}, on a point, unless it has one already. */
    public Uni<Void> hold(RecoveryPoint point, HoldKind kind, String owner, String createdBy) {
        return holds.findByOwner(point.id, kind, owner)
                .chain(existing -> existing != null ? Uni.createFrom().voidItem()
                        : holds.persist(newHold(point, kind, owner, createdBy, clock.instant())).replaceWithVoid());
    }

    /** A hold of {@code kind} by {@code owner}, placed by {@code createdBy}, on every live point of an instance (idempotent). */
    public Uni<Integer> holdEveryLivePoint(UUID instanceId, HoldKind kind, String owner, String createdBy) {
        return holds.holdEveryLivePoint(instanceId, kind, owner, createdBy, clock.instant());
    }

    /** A hold of {@code kind} by {@code owner}, placed by {@code createdBy}, on each of these points still live (idempotent). */
    public Uni<Integer> holdPoints(Collection<UUID> pointIds, HoldKind kind, String owner, String createdBy) {
        return holds.holdPoints(pointIds, kind, owner, createdBy, clock.instant());
    }

    /** Removes the holds of these kinds from every point of an instance. */
    public Uni<Long> releaseAll(UUID instanceId, Collection<HoldKind> kinds) {
        return holds.deleteOfInstance(instanceId, kinds);
    }

    /** Every hold of a point, oldest first. */
    public Uni<List<Hold>> of(UUID pointId) {
        return holds.ofPoint(pointId);
    }

    private static Hold newHold(RecoveryPoint point, HoldKind kind, String owner, String createdBy, Instant now) {
        Hold hold = new Hold();
        hold.id = UUID.randomUUID();
        hold.recoveryPointId = point.id;
        hold.instanceId = point.instanceId;
        hold.kind = kind;
        hold.owner = owner;
        hold.createdBy = createdBy;
        hold.createdAt = now;
        return hold;
    }

    /** The point, locked for update; 404 if unknown, 409 naming its state if not live. */
    public Uni<RecoveryPoint> lockLive(UUID pointId, String action) {
        return points.findById(pointId, LockModeType.PESSIMISTIC_WRITE).map(point -> {
            if (point == null) {
                throw ProblemException.notFound("recovery point", pointId);
            }
            if (point.state != PointState.LIVE) {
                throw ProblemException.invalidState(action, point.state, List.of(PointState.LIVE));
            }
            return point;
        });
    }
}
