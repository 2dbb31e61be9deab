package io.pgvault.retention.protection;

import io.pgvault.contracts.common.StopMode;
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
    private static final String STOP_HOLD_OWNER = "protection-stopped";
    /** Who placed the stop holds when the command names no actor. */
    public static final String INSTANCE_SERVICE = "instance-service";
    /** The kinds of hold a stop leaves. */
    private static final List<HoldKind> STOP_HOLDS = List.of(HoldKind.RETAIN_FOREVER, HoldKind.LATEST);

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

    /**
     * Protection stopped. RETAIN_FOREVER holds every live point until resume; RETAIN_AS_PER_POLICY
     * lets points expire but holds the newest; DELETE_DATA deletes every point (see {@link InstanceDeletions}).
     * The holds record {@code actor} (who stopped protection) as their creator, or
     * {@value #INSTANCE_SERVICE} when the command names none.
     */
    public Uni<Void> stop(UUID instanceId, StopMode mode, String actor) {
        String createdBy = actor != null && !actor.isBlank() ? actor : INSTANCE_SERVICE;
        return switch (mode) {
            case RETAIN_FOREVER -> holds.holdEveryLivePoint(instanceId, HoldKind.RETAIN_FOREVER, STOP_HOLD_OWNER,
                    createdBy).replaceWithVoid();
            case RETAIN_AS_PER_POLICY -> points.newestLive(instanceId)
                    .chain(newest -> newest == null ? Uni.createFrom().voidItem()
                            : holds.hold(newest, HoldKind.LATEST, STOP_HOLD_OWNER, createdBy));
            case DELETE_DATA -> deletions.request(instanceId, PROTECTION_STOPPED);
        };
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
