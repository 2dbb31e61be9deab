package io.pgvault.retention.hold;

import io.pgvault.platform.problem.ProblemException;
import io.pgvault.retention.config.RetentionConfig;
import io.pgvault.retention.recoverypoint.PointState;
import io.pgvault.retention.recoverypoint.RecoveryPoint;
import io.pgvault.retention.recoverypoint.RecoveryPointRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Holds: restore leases for job-service, pins for users, and the holds a protection stop leaves. */
@ApplicationScoped
public class HoldService {

    /** Owner of the holds a protection stop leaves; resume removes them. */
    public static final String PROTECTION_STOPPED = "protection-stopped";
    /** Owner of a pin taken through the API. */
    public static final String USER = "user";

    private final RecoveryPointRepository points;
    private final RetentionConfig config;
    private final Clock clock;

    public HoldService(RecoveryPointRepository points, RetentionConfig config, Clock clock) {
        this.points = points;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Takes (or, for the same owner, renews) a restore hold. The point's row is locked first, so a
     * sweep either deleted it before (409 here) or sees the hold after.
     */
    @WithTransaction
    public Uni<HoldResponse> takeRestoreHold(UUID pointId, HoldRequest request) {
        if (request.kind() != HoldKind.RESTORE) {
            throw ProblemException.badField("kind", "only RESTORE holds are taken here; pin a point with POST /pin");
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
            return Hold.<Hold>find("recoveryPointId = ?1 and kind = ?2 and owner = ?3", pointId, HoldKind.RESTORE,
                    request.owner()).firstResult().chain(existing -> {
                        Hold hold = existing != null ? existing : newHold(point, HoldKind.RESTORE, request.owner(), now);
                        hold.leaseSeconds = lease;
                        hold.leaseExpiresAt = now.plusSeconds(lease);
                        return existing != null ? Uni.createFrom().item(hold) : hold.<Hold>persist();
                    });
        }).map(hold -> HoldResponse.from(hold, now));
    }

    /** Extends a restore hold's lease from now. */
    @WithTransaction
    public Uni<HoldResponse> renew(UUID pointId, UUID holdId, Integer leaseSeconds) {
        Instant now = clock.instant();
        return lockLive(pointId, "renewing a hold")
                .chain(point -> Hold.<Hold>find("id = ?1 and recoveryPointId = ?2", holdId, pointId).<Hold>firstResult())
                .map((Hold hold) -> {
                    if (hold == null) {
                        throw ProblemException.notFound("hold", holdId);
                    }
                    if (hold.leaseSeconds == null) {
                        throw ProblemException.conflict("hold " + holdId + " of kind " + hold.kind + " has no lease",
                                Map.of("kind", hold.kind.name()));
                    }
                    int lease = leaseSeconds != null ? leaseSeconds : hold.leaseSeconds;
                    if (lease > config.maxLeaseSeconds()) {
                        throw ProblemException.badField("leaseSeconds", "must be at most " + config.maxLeaseSeconds());
                    }
                    hold.leaseSeconds = lease;
                    hold.leaseExpiresAt = now.plusSeconds(lease);
                    return HoldResponse.from(hold, now);
                });
    }

    /** Releases a hold; releasing one that is gone already is fine (a retried release). */
    @WithTransaction
    public Uni<Void> release(UUID pointId, UUID holdId) {
        return points.findById(pointId).chain(point -> {
            if (point == null) {
                throw ProblemException.notFound("recovery point", pointId);
            }
            return Hold.delete("id = ?1 and recoveryPointId = ?2", holdId, pointId).replaceWithVoid();
        });
    }

    /** Pins a live point (idempotent). */
    public Uni<Void> pin(RecoveryPoint point, String owner) {
        return addHold(point, HoldKind.PIN, owner);
    }

    /** Removes every pin of a point. */
    public Uni<Long> unpin(UUID pointId) {
        return Hold.delete("recoveryPointId = ?1 and kind = ?2", pointId, HoldKind.PIN);
    }

    /** Protection stopped with RETAIN_FOREVER: a hold on every live point of the instance. */
    public Uni<Integer> retainForever(UUID instanceId) {
        String sql = """
                insert into hold (id, recovery_point_id, instance_id, kind, owner, created_at)
                select gen_random_uuid(), p.id, p.instance_id, 'RETAIN_FOREVER', :owner, :now
                from recovery_point p where p.instance_id = :instance and p.state = 'LIVE'
                on conflict (recovery_point_id, kind, owner) do nothing
                """;
        return Panache.getSession().chain(s -> s.createNativeQuery(sql)
                .setParameter("owner", PROTECTION_STOPPED)
                .setParameter("now", clock.instant())
                .setParameter("instance", instanceId)
                .executeUpdate());
    }

    /** Protection stopped with RETAIN_AS_PER_POLICY: a hold on the newest live point only. */
    public Uni<Void> retainLatest(UUID instanceId) {
        return points.newestLive(instanceId)
                .chain(newest -> newest == null ? Uni.createFrom().voidItem()
                        : addHold(newest, HoldKind.LATEST, PROTECTION_STOPPED));
    }

    /** Protection resumed: the stop holds go; points they kept past expiry go at the next sweep. */
    public Uni<Long> releaseStopHolds(UUID instanceId) {
        return Hold.delete("instanceId = ?1 and kind in ?2", instanceId,
                List.of(HoldKind.RETAIN_FOREVER, HoldKind.LATEST));
    }

    /** Every hold of a point, oldest first. */
    public Uni<List<Hold>> of(UUID pointId) {
        return Hold.list("recoveryPointId = ?1 order by createdAt, id", pointId);
    }

    private Uni<Void> addHold(RecoveryPoint point, HoldKind kind, String owner) {
        return Hold.count("recoveryPointId = ?1 and kind = ?2 and owner = ?3", point.id, kind, owner)
                .chain(n -> n > 0 ? Uni.createFrom().voidItem()
                        : newHold(point, kind, owner, clock.instant()).persist().replaceWithVoid());
    }

    private static Hold newHold(RecoveryPoint point, HoldKind kind, String owner, Instant now) {
        Hold hold = new Hold();
        hold.id = UUID.randomUUID();
        hold.recoveryPointId = point.id;
        hold.instanceId = point.instanceId;
        hold.kind = kind;
        hold.owner = owner;
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
