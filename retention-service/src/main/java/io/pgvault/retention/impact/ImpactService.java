package io.pgvault.retention.impact;

import io.pgvault.platform.problem.ProblemException;
import io.pgvault.retention.catalog.PointState;
import io.pgvault.retention.catalog.RecoveryPoint;
import io.pgvault.retention.catalog.RecoveryPointRepository;
import io.pgvault.retention.hold.Hold;
import io.pgvault.retention.hold.HoldRepository;
import io.pgvault.retention.protection.InstanceDeletions;
import io.pgvault.retention.sweep.SweepRule.HoldFacts;
import io.pgvault.retention.vault.PointFacts;
import io.pgvault.retention.vault.VaultRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Plans an action on recovery points from the catalog as it is now ({@link ImpactPlanner}): the stop applies the
 * plan, the preview returns it. Reads in the caller's session or transaction.
 */
@ApplicationScoped
public class ImpactService {

    private final RecoveryPointRepository points;
    private final HoldRepository holds;
    private final VaultRepository vault;
    private final Clock clock;
    private final InstanceDeletions instanceDeletions;

    public ImpactService(RecoveryPointRepository points, HoldRepository holds, VaultRepository vault,
            Clock clock, InstanceDeletions instanceDeletions) {
        this.instanceDeletions = instanceDeletions;
        this.points = points;
        this.holds = holds;
        this.vault = vault;
        this.clock = clock;
    }

    /** The plan of {@code command} on the instance's points ({@code instanceId} null: every instance's), now. */
    public Uni<ImpactPlan> plan(UUID instanceId, ImpactCommand command) {
        // the catalog keeps microseconds: the dates the preview gives are the ones the rows will hold
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return vault.current().chain(state -> snapshots(instanceId)
                .map(list -> ImpactPlanner.plan(now, state.floor(), state, list, command)));
    }

    /** The preview of {@code command}: its plan, with totals; changes nothing. */
    @WithSession
    public Uni<ImpactPreview> preview(UUID instanceId, ImpactCommand command) {
        return vault.current().chain(state -> plan(instanceId, command)
                .map(plan -> ImpactPreview.of(plan, instanceId, state.immutability().name())));
    }

    /** The LIVE and DELETED points with their holds. */
    private Uni<List<PointSnapshot>> snapshots(UUID instanceId) {
        Uni<List<RecoveryPoint>> found = instanceId == null ? points.list("state <> ?1", PointState.PURGED)
                : points.list("instanceId = ?1 and state <> ?2", instanceId, PointState.PURGED);
        return found.chain(list -> holds.ofInstance(instanceId).map(all -> {
            Map<UUID, List<HoldFacts>> byPoint = all.stream().collect(Collectors.groupingBy(h -> h.recoveryPointId,
                    Collectors.mapping(ImpactService::facts, Collectors.toList())));
            return list.stream().map(p -> snapshot(p.id, p, byPoint.getOrDefault(p.id, List.of()))).toList();
        }));
    }

    /** A point and its holds, as the planner sees them. */
    public static PointSnapshot snapshot(RecoveryPoint p, List<Hold> holds) {
        return snapshot(p.id, p, holds.stream().map(ImpactService::facts).toList());
    }

    private static PointSnapshot snapshot(UUID id, RecoveryPoint p, List<HoldFacts> holds) {
        return new PointSnapshot(new PointFacts(id, p.instanceId, p.createdAt, p.rule, p.timeZone, p.birthExpiresAt,
                p.expiresAt), p.sizeBytes, p.state, p.deletedAt, p.deleteReason, holds);
    }

    /** The preview of unpinning a point: 404 if it is unknown; an immutable vault's refusal is reported. */
    @WithSession
    public Uni<ImpactPreview> previewUnpin(UUID pointId) {
        return points.findById(pointId).chain(p -> {
            if (p == null) {
                throw ProblemException.notFound("recovery point", pointId);
            }
            return preview(p.instanceId, new ImpactCommand.Unpin(pointId));
        });
    }

    /** The preview of undeleting a point, after the undelete's own checks (404, 409 as the undelete answers). */
    @WithSession
    public Uni<ImpactPreview> previewUndelete(UUID pointId) {
        return points.findById(pointId).chain(p -> {
            if (p == null) {
                throw ProblemException.notFound("recovery point", pointId);
            }
            return instanceDeletions.dataDeletion(p.instanceId).chain(deletion -> {
                InstanceDeletions.requireUndeletable(p, deletion);
                return preview(p.instanceId, new ImpactCommand.UndeletePoint(pointId));
            });
        });
    }

    private static HoldFacts facts(Hold h) {
        return new HoldFacts(h.kind, h.owner, h.leaseExpiresAt);
    }
}
