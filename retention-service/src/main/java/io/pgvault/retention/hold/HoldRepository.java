package io.pgvault.retention.hold;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The holds' queries; methods join the caller's session when there is one. */
@ApplicationScoped
@WithSession
public class HoldRepository implements PanacheRepositoryBase<Hold, UUID> {

    /** The hold of {@code kind} that {@code owner} has on a point, or null. */
    public Uni<Hold> findByOwner(UUID pointId, HoldKind kind, String owner) {
        return find("recoveryPointId = ?1 and kind = ?2 and owner = ?3", pointId, kind, owner).firstResult();
    }

    /** The hold {@code holdId} if it is on {@code pointId}, or null. */
    public Uni<Hold> findOnPoint(UUID holdId, UUID pointId) {
        return find("id = ?1 and recoveryPointId = ?2", holdId, pointId).firstResult();
    }

    /** Every hold of a point, oldest first. */
    public Uni<List<Hold>> ofPoint(UUID pointId) {
        return list("recoveryPointId = ?1 order by createdAt, id", pointId);
    }

    public Uni<Long> deleteOnPoint(UUID holdId, UUID pointId) {
        return delete("id = ?1 and recoveryPointId = ?2", holdId, pointId);
    }

    public Uni<Long> deleteOfKind(UUID pointId, HoldKind kind) {
        return delete("recoveryPointId = ?1 and kind = ?2", pointId, kind);
    }

    public Uni<Long> deleteOfInstance(UUID instanceId, Collection<HoldKind> kinds) {
        return delete("instanceId = ?1 and kind in ?2", instanceId, kinds);
    }

    /**
     * A hold of {@code kind} by {@code owner}, placed by {@code createdBy}, on every live point of an
     * instance; answers how many were new.
     */
    public Uni<Integer> holdEveryLivePoint(UUID instanceId, HoldKind kind, String owner, String createdBy, Instant at) {
        String sql = """
                insert into hold (id, recovery_point_id, instance_id, kind, owner, created_by, created_at)
                select gen_random_uuid(), p.id, p.instance_id, :kind, :owner, :createdBy, :now
                from recovery_point p where p.instance_id = :instance and p.state = 'LIVE'
                on conflict (recovery_point_id, kind, owner) do nothing
                """;
        return getSession().chain(s -> s.createNativeQuery(sql)
                .setParameter("kind", kind.name())
                .setParameter("owner", owner)
                .setParameter("createdBy", createdBy)
                .setParameter("now", at)
                .setParameter("instance", instanceId)
                .executeUpdate());
    }

    /** Holds of {@code kind} by {@code owner} on those of {@code pointIds} that are live (idempotent); answers how many were new. */
    public Uni<Integer> holdPoints(Collection<UUID> pointIds, HoldKind kind, String owner, String createdBy, Instant at) {
        if (pointIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String sql = """
                insert into hold (id, recovery_point_id, instance_id, kind, owner, created_by, created_at)
                select gen_random_uuid(), p.id, p.instance_id, :kind, :owner, :createdBy, :now
                from recovery_point p where p.id in (:ids) and p.state = 'LIVE'
                on conflict (recovery_point_id, kind, owner) do nothing
                """;
        return getSession().chain(s -> s.createNativeQuery(sql)
                .setParameter("kind", kind.name())
                .setParameter("owner", owner)
                .setParameter("createdBy", createdBy)
                .setParameter("now", at)
                .setParameter("ids", pointIds)
                .executeUpdate());
    }

    /** Every hold on the points of these instances ({@code null}: of every instance). */
    public Uni<List<Hold>> ofInstance(UUID instanceId) {
        return instanceId == null ? listAll() : list("instanceId", instanceId);
    }
}
