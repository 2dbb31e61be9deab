package io.pgvault.retention.protection;

import io.pgvault.contracts.retention.RecoveryPointCreated;
import io.pgvault.platform.outbox.Outbox;
import io.pgvault.retention.catalog.RecoveryPoint;
import io.pgvault.retention.catalog.RecoveryPointRepository;
import io.pgvault.retention.hold.HoldKind;
import io.pgvault.retention.hold.HoldService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a protection change does to an instance's existing points: a stop in each of its modes, a
 * resume, and the instance's deletion. Runs in the caller's (the inbox's) transaction.
 */
@ApplicationScoped
public class ProtectionService {

    /** Delete reason of the points a stop with DELETE_DATA deletes. */
    public static final String PROTECTION_STOPPED = "PROTECTION_STOPPED";
    /** Delete reason of the points the instance's deletion deletes. */
    public static final String INSTANCE_DELETED = "INSTANCE_DELETED";
    /** Owner of the holds a protection stop leaves; resume removes them. */
    public static final String STOP_HOLD_OWNER = "protection-stopped";
    /** Who placed the stop holds when the command names no actor. */
    public static final String INSTANCE_SERVICE = "instance-service";
    /** The kinds of hold a stop leaves (and resume removes). */
    public static final List<HoldKind> STOP_HOLDS = List.of(HoldKind.RETAIN_FOREVER, HoldKind.LATEST);

    private final HoldService holds;
    private final RecoveryPointRepository points;
    private final InstanceDeletions deletions;
    private final Outbox outbox;
    private final Clock clock;

    public ProtectionService(HoldService holds, RecoveryPointRepository points, InstanceDeletions deletions,
            Outbox outbox, Clock clock) {
        this.holds = holds;
        this.points = points;
        this.deletions = deletions;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Protection stopped with DELETE_DATA: every point goes (see {@link InstanceDeletions}). */
    public Uni<Void> deleteData(UUID instanceId) {
        return deletions.request(instanceId, PROTECTION_STOPPED);
    }

    /**
     * Protection stopped with a retain mode: places the holds its plan names ({@code ImpactPlanner}, the same plan
     * the stop's preview shows: RETAIN_FOREVER on every live point, or LATEST on the newest), recording {@code actor}
     * as their creator ({@value #INSTANCE_SERVICE} when the command names none).
     */
    public Uni<Void> placeStopHolds(Map<HoldKind, List<UUID>> planned, String actor) {
        String createdBy = actor != null && !actor.isBlank() ? actor : INSTANCE_SERVICE;
        Uni<Void> done = Uni.createFrom().voidItem();
        for (Map.Entry<HoldKind, List<UUID>> e : planned.entrySet()) {
            if (!STOP_HOLDS.contains(e.getKey())) {
                throw new IllegalArgumentException("a stop places " + STOP_HOLDS + " holds, not " + e.getKey());
            }
            done = done.chain(() -> holds.holdPoints(e.getValue(), e.getKey(), STOP_HOLD_OWNER, createdBy)).replaceWithVoid();
        }
        return done;
    }

    /** Protection resumed: the stop holds go; points they kept past expiry go at the next sweep. */
    public Uni<Void> resume(UUID instanceId) {
        return holds.releaseAll(instanceId, STOP_HOLDS).replaceWithVoid();
    }

    /**
     * A deleted instance came back (PROTECTION_STOPPED): its soft-deleted points are LIVE again, held as a stop
     * with RETAIN_FOREVER holds them (resume releases the holds), and RecoveryPointCreated reports each.
     */
    public Uni<Void> undeleteInstance(UUID instanceId, String actor) {
        String createdBy = actor != null && !actor.isBlank() ? actor : INSTANCE_SERVICE;
        Instant now = clock.instant();
        return deletions.undelete(instanceId).chain(back -> back.isEmpty() ? Uni.createFrom().voidItem()
                : points.flush()
                        .chain(() -> holds.holdEveryLivePoint(instanceId, HoldKind.RETAIN_FOREVER, STOP_HOLD_OWNER,
                                createdBy))
                        .chain(() -> points.countLive(instanceId))
                        .chain(live -> {
                            long before = live - back.size();
                            List<RecoveryPointCreated> events = new java.util.ArrayList<>();
                            for (RecoveryPoint p : back) {
                                before++;
                                events.add(new RecoveryPointCreated(UUID.randomUUID(), instanceId, now, p.id, p.jobId,
                                        p.createdAt, p.expiresAt, p.tag, (int) before));
                            }
                            return outbox.publishAll(events);
                        }));
    }

    /** The instance was deleted: all its points go, as with DELETE_DATA. */
    public Uni<Void> deleteInstance(UUID instanceId) {
        return deletions.request(instanceId, INSTANCE_DELETED);
    }
}
