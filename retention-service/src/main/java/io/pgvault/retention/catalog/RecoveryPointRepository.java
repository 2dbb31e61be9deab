package io.pgvault.retention.catalog;

import io.pgvault.retention.vault.PointFacts;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The catalog's queries. Methods join the caller's session when there is one (a {@code @WithSession}
 * read or a {@code @WithTransaction} use case); the sweep's claims are native SQL because they lock
 * with {@code FOR UPDATE SKIP LOCKED}.
 */
@ApplicationScoped
@WithSession
public class RecoveryPointRepository implements PanacheRepositoryBase<RecoveryPoint, UUID> {

    /**
     * The sweep rule as SQL (the sweep package's {@code SweepRule}): live, expired at
     * {@code :at}, no hold active at {@code :at}, not among its instance's newest {@code :floor}
     * live points. Used by the sweep (with a lock) and by the preview (without), so the preview
     * shows exactly what the sweep does.
     */
    static final String DELETABLE = """
            from recovery_point p
            where p.state = 'LIVE' and p.expires_at <= :at
              and not exists (select 1 from hold h where h.recovery_point_id = p.id
                              and (h.lease_expires_at is null or h.lease_expires_at > :at))
              and p.id not in (select n.id from recovery_point n
                               where n.instance_id = p.instance_id and n.state = 'LIVE'
                               order by n.created_at desc, n.id desc limit :floor)
            """;

    /** Inserts a point unless its id is known; answers 1 if inserted, 0 if it existed. */
    public Uni<Integer> insertIfAbsent(RecoveryPoint p) {
        String sql = """
                insert into recovery_point (id, instance_id, job_id, created_at, recorded_at, tag, rule, tag_reason,
                    birth_expires_at, expires_at, policy_id, policy_name, policy_version, time_zone, manifest,
                    size_bytes, state)
                values (:id, :instance, :job, :created, :recorded, :tag, :rule, :reason, :expires, :expires, :policyId,
                    :policyName, :policyVersion, :zone, cast(cast(:manifest as text) as jsonb), :size, 'LIVE')
                on conflict (id) do nothing
                """;
        return getSession().chain(s -> s.createNativeQuery(sql)
                .setParameter("id", p.id)
                .setParameter("instance", p.instanceId)
                .setParameter("job", p.jobId)
                .setParameter("created", p.createdAt)
                .setParameter("recorded", p.recordedAt)
                .setParameter("tag", p.tag.name())
                .setParameter("rule", p.rule)
                .setParameter("reason", p.tagReason)
                .setParameter("expires", p.expiresAt)
                .setParameter("policyId", p.policyId)
                .setParameter("policyName", p.policyName)
                .setParameter("policyVersion", p.policyVersion)
                .setParameter("zone", p.timeZone)
                .setParameter("manifest", p.manifest)
                .setParameter("size", p.sizeBytes)
                .executeUpdate());
    }

    /** The manifest of a point as JSON text. */
    public Uni<String> manifestJson(UUID id) {
        return getSession().chain(s -> s.createNativeQuery("select cast(manifest as text) from recovery_point where id = :id",
                        String.class)
                .setParameter("id", id)
                .getSingleResultOrNull());
    }

    /** The evidence of the point's latest verification as JSON text; null if it was never verified. */
    public Uni<String> verificationJson(UUID id) {
        return getSession().chain(s -> s.createNativeQuery(
                        "select cast(verification as text) from recovery_point where id = :id", String.class)
                .setParameter("id", id)
                .getSingleResultOrNull());
    }

    /**
     * Keeps {@code json} as the point's verification evidence (cast through text: a String bound straight to
     * jsonb would be stored as a JSON string) unless a later verification (by its
     * {@code finishedAt}) is already recorded: redelivered or reordered events never go back in time.
     * Answers the rows changed (0 for an unknown point).
     */
    public Uni<Integer> recordVerification(UUID id, String json, Instant finishedAt) {
        return getSession().chain(s -> s.createNativeQuery("update recovery_point set verification = cast(cast(:json as text) as jsonb)"
                        + " where id = :id and (verification is null"
                        + " or cast(verification ->> 'finishedAt' as timestamptz) <= :finishedAt)")
                .setParameter("json", json)
                .setParameter("id", id)
                .setParameter("finishedAt", finishedAt)
                .executeUpdate());
    }

    /** Creation instants of the instance's points (any state) created in [{@code from}, {@code before}). */
    public Uni<List<Instant>> createdBetween(UUID instanceId, Instant from, Instant before) {
        return find("select p.createdAt from RecoveryPoint p where p.instanceId = ?1 and p.createdAt >= ?2"
                + " and p.createdAt < ?3", instanceId, from, before)
                .project(Instant.class)
                .list();
    }

    public Uni<Long> countLive(UUID instanceId) {
        return count("instanceId = ?1 and state = ?2", instanceId, PointState.LIVE);
    }

    /** The instance's points that are not purged (live or soft-deleted). */
    public Uni<Long> countUnpurged(UUID instanceId) {
        return count("instanceId = ?1 and state <> ?2", instanceId, PointState.PURGED);
    }

    /**
     * The instance's points its deletion soft-deleted and the purge has not reached, LIVE again; answers them.
     * Locks them first, so a purge running now either took a point already or does not take it.
     */
    public Uni<List<RecoveryPoint>> undeleteInstance(UUID instanceId) {
        return find("instanceId = ?1 and state = ?2 and deleteReason = ?3", Sort.ascending("createdAt", "id"),
                instanceId, PointState.DELETED, "INSTANCE_DELETED")
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).list()
                .invoke(found -> found.forEach(p -> {
                    p.state = PointState.LIVE;
                    p.deletedAt = null;
                    p.deleteReason = null;
                }));
    }

    /** Live points per instance, for the given instances. */
    public Uni<Map<UUID, Long>> countLive(Collection<UUID> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession().chain(s -> s.createQuery(
                        "select p.instanceId, count(p) from RecoveryPoint p where p.state = :live"
                                + " and p.instanceId in :ids group by p.instanceId", Object[].class)
                .setParameter("live", PointState.LIVE)
                .setParameter("ids", instanceIds)
                .getResultList())
                .map(rows -> {
                    Map<UUID, Long> counts = new HashMap<>();
                    instanceIds.forEach(id -> counts.put(id, 0L));
                    rows.forEach(r -> counts.put((UUID) r[0], ((Number) r[1]).longValue()));
                    return counts;
                });
    }

    /** How many live points of the same instance are newer than {@code point}. */
    public Uni<Long> countNewerLive(RecoveryPoint point) {
        return count("instanceId = :instance and state = :live and (createdAt > :created"
                        + " or (createdAt = :created and id > :id))",
                Parameters.with("instance", point.instanceId).and("live", PointState.LIVE)
                        .and("created", point.createdAt).and("id", point.id));
    }

    /** The instance's newest live point, if any. */
    public Uni<RecoveryPoint> newestLive(UUID instanceId) {
        return find("instanceId = ?1 and state = ?2", Sort.descending("createdAt", "id"), instanceId, PointState.LIVE)
                .firstResult();
    }

    /** One page of an instance's points, newest first, optionally within [from, to) and of one state. */
    public Uni<List<RecoveryPoint>> page(UUID instanceId, Instant from, Instant to, PointState state, int page,
            int size) {
        Filter f = filter(instanceId, from, to, state);
        return find(f.query, Sort.descending("createdAt", "id"), f.params).page(Page.of(page, size)).list();
    }

    public Uni<Long> count(UUID instanceId, Instant from, Instant to, PointState state) {
        Filter f = filter(instanceId, from, to, state);
        return count(f.query, f.params);
    }

    private record Filter(String query, Parameters params) {
    }

    private static Filter filter(UUID instanceId, Instant from, Instant to, PointState state) {
        StringBuilder q = new StringBuilder("instanceId = :instance");
        Parameters params = Parameters.with("instance", instanceId);
        if (from != null) {
            q.append(" and createdAt >= :from");
            params.and("from", from);
        }
        if (to != null) {
            q.append(" and createdAt < :to");
            params.and("to", to);
        }
        if (state != null) {
            q.append(" and state = :state");
            params.and("state", state);
        }
        return new Filter(q.toString(), params);
    }

    /** Soft-deleted points deleted at or before {@code deletedBefore}, oldest deletion first; the purge's dry run. */
    public Uni<List<RecoveryPoint>> deletedBefore(Instant deletedBefore, UUID instanceId, int limit) {
        String query = "state = :deleted and deletedAt <= :before" + (instanceId == null ? "" : " and instanceId = :instance")
                + " order by deletedAt, id";
        Parameters params = Parameters.with("deleted", PointState.DELETED).and("before", deletedBefore);
        if (instanceId != null) {
            params.and("instance", instanceId);
        }
        return find(query, params).page(0, limit).list();
    }

    /** A point as the drift check sees it. */
    public record Entry(UUID id, UUID instanceId, PointState state, List<String> artifacts) {

        public Entry(UUID id, UUID instanceId, PointState state) {
            this(id, instanceId, state, List.of());
        }
    }

    /** Every point of the catalog with the artifact names of its manifest, for the store's per-object check. */
    public Uni<List<Entry>> entriesWithArtifacts() {
        // Artifact names never hold '/', so they travel as one '/'-joined string.
        return getSession().chain(s -> s.createNativeQuery("select id, instance_id, state, array_to_string(array("
                        + "select a ->> 'name' from jsonb_array_elements(manifest -> 'artifacts') a), '/')"
                        + " from recovery_point", Object[].class).getResultList())
                .map(rows -> rows.stream().map(r -> new Entry((UUID) r[0], (UUID) r[1], PointState.valueOf(r[2].toString()),
                        r[3] == null || r[3].toString().isEmpty() ? List.of() : List.of(r[3].toString().split("/"))))
                        .toList());
    }

    /** Every point of the catalog, in any state. */
    public Uni<List<Entry>> entries() {
        return getSession().chain(s -> s.createQuery("select p.id, p.instanceId, p.state from RecoveryPoint p", Object[].class)
                        .getResultList())
                .map(rows -> rows.stream().map(r -> new Entry((UUID) r[0], (UUID) r[1], (PointState) r[2])).toList());
    }

    /**
     * Flags the points whose directory is missing from the store (keeping the first time each was
     * seen missing) and clears the flag of every other point.
     */
    public Uni<Void> flagFilesMissing(List<UUID> missing, Instant seenAt) {
        if (missing.isEmpty()) {
            return update("filesMissingSince = null where filesMissingSince is not null").replaceWithVoid();
        }
        return update("filesMissingSince = null where filesMissingSince is not null and id not in ?1", missing)
                .chain(() -> update("filesMissingSince = ?1 where filesMissingSince is null and id in ?2", seenAt, missing))
                .replaceWithVoid();
    }

    /** A point id with its instance: what the sweep claims. */
    public record PointRef(UUID id, UUID instanceId) {
    }

    /**
     * Claims up to {@code limit} points the sweep may delete at {@code at}, locking them; rows
     * another sweeper holds are skipped, so two sweepers never take the same point.
     */
    public Uni<List<PointRef>> claimDeletable(Instant at, int floor, int limit) {
        String sql = "select p.id, p.instance_id " + DELETABLE
                + " order by p.expires_at, p.id limit :limit for update of p skip locked";
        return refs(sql, Map.of("at", at, "floor", floor, "limit", limit));
    }

    /** The ids of what the sweep would delete at {@code at}, without locking (the dry run). */
    public Uni<List<UUID>> deletableAt(Instant at, int floor, UUID instanceId, int limit) {
        String sql = "select p.id " + DELETABLE + (instanceId == null ? "" : " and p.instance_id = :instance")
                + " order by p.expires_at, p.id limit :limit";
        return getSession().chain(s -> {
            var q = s.createNativeQuery(sql, Object.class)
                    .setParameter("at", at)
                    .setParameter("floor", floor)
                    .setParameter("limit", limit);
            if (instanceId != null) {
                q.setParameter("instance", instanceId);
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(RecoveryPointRepository::uuid).toList());
    }

    /**
     * Locks those of {@code ids} that are still live, skipping rows another transaction holds (a hold being
     * placed, another sweeper); answers the ids it locked. The first step of the deletion step.
     */
    public Uni<List<UUID>> lockLive(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String sql = "select p.id from recovery_point p where p.id in (:ids) and p.state = 'LIVE'"
                + " order by p.id for update of p skip locked";
        return getSession().chain(s -> s.createNativeQuery(sql, Object.class).setParameter("ids", ids).getResultList())
                .map(rows -> rows.stream().map(RecoveryPointRepository::uuid).toList());
    }

    /**
     * Of {@code ids} (locked by the caller), those the sweep rule still deletes at {@code at}, read by a
     * statement of its own: it sees every hold committed before the lock, so a hold placed after the sweep
     * decided keeps its point. The second step of the deletion step.
     */
    public Uni<List<PointFacts>> stillDeletable(Collection<UUID> ids, Instant at, int floor) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String sql = "select p.id, p.instance_id, p.created_at, p.rule, p.time_zone, p.birth_expires_at, p.expires_at "
                + DELETABLE + " and p.id in (:ids) order by p.expires_at, p.id";
        return facts(sql, Map.of("ids", ids, "at", at, "floor", floor));
    }

    /** What immutability needs to know of these points (any state). */
    public Uni<List<PointFacts>> facts(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String sql = "select p.id, p.instance_id, p.created_at, p.rule, p.time_zone, p.birth_expires_at, p.expires_at"
                + " from recovery_point p where p.id in (:ids) order by p.created_at, p.id";
        return facts(sql, Map.of("ids", ids));
    }

    /** The instance's live points that immutability keeps at {@code at}: how many, and until when at most. */
    public Uni<List<PointFacts>> liveFacts(UUID instanceId) {
        String sql = "select p.id, p.instance_id, p.created_at, p.rule, p.time_zone, p.birth_expires_at, p.expires_at"
                + " from recovery_point p where p.instance_id = :instance and p.state = 'LIVE'"
                + " order by p.created_at, p.id";
        return facts(sql, Map.of("instance", instanceId));
    }

    private Uni<List<PointFacts>> facts(String sql, Map<String, Object> params) {
        return getSession().chain(s -> {
            var q = s.createNativeQuery(sql, Object[].class);
            params.forEach(q::setParameter);
            return q.getResultList();
        }).map(rows -> rows.stream().map(r -> new PointFacts(uuid(r[0]), uuid(r[1]), instant(r[2]), (String) r[3],
                (String) r[4], instant(r[5]), instant(r[6]))).toList());
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass());
    }

    /**
     * Claims live points of an instance being deleted that no active restore hold keeps; with
     * {@code expiredOnly} (an immutable vault) only those whose expiry and birth expiry have passed.
     */
    public Uni<List<PointRef>> claimForInstanceDeletion(UUID instanceId, Instant at, boolean expiredOnly, int limit) {
        String sql = """
                select p.id, p.instance_id from recovery_point p
                where p.instance_id = :instance and p.state = 'LIVE'
                  and not exists (select 1 from hold h where h.recovery_point_id = p.id and h.kind = 'RESTORE'
                                  and (h.lease_expires_at is null or h.lease_expires_at > :at))
                """ + (expiredOnly ? "  and p.expires_at <= :at and p.birth_expires_at <= :at\n" : "") + """
                order by p.created_at, p.id limit :limit
                for update of p skip locked
                """;
        return refs(sql, Map.of("instance", instanceId, "at", at, "limit", limit));
    }

    /** Claims soft-deleted points deleted at or before {@code deletedBefore}, for the purge. */
    public Uni<List<PointRef>> claimPurgeable(Instant deletedBefore, int limit) {
        String sql = """
                select p.id, p.instance_id from recovery_point p
                where p.state = 'DELETED' and p.deleted_at <= :before
                order by p.deleted_at, p.id limit :limit
                for update of p skip locked
                """;
        return refs(sql, Map.of("before", deletedBefore, "limit", limit));
    }

    /** Claims every soft-deleted point of an instance, for a purge before the grace period ends. */
    public Uni<List<PointRef>> claimDeletedOf(UUID instanceId, int limit) {
        String sql = """
                select p.id, p.instance_id from recovery_point p
                where p.instance_id = :instance and p.state = 'DELETED'
                order by p.deleted_at, p.id limit :limit
                for update of p
                """;
        return refs(sql, Map.of("instance", instanceId, "limit", limit));
    }

    /** Marks claimed points soft-deleted. */
    public Uni<Integer> markDeleted(Collection<UUID> ids, String reason, Instant at) {
        return update("state = ?1, deletedAt = ?2, deleteReason = ?3 where id in ?4 and state = ?5",
                PointState.DELETED, at, reason, ids, PointState.LIVE);
    }

    /** Marks purged points (one statement for a whole batch). */
    public Uni<Integer> markPurged(Collection<UUID> ids, Instant at) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return update("state = ?1, purgedAt = ?2 where id in ?3 and state = ?4", PointState.PURGED, at, ids,
                PointState.DELETED);
    }

    private Uni<List<PointRef>> refs(String sql, Map<String, Object> params) {
        return getSession().chain(s -> {
            var q = s.createNativeQuery(sql, Object[].class);
            params.forEach(q::setParameter);
            return q.getResultList();
        }).map(rows -> {
            List<PointRef> refs = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                refs.add(new PointRef(uuid(row[0]), uuid(row[1])));
            }
            return refs;
        });
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID u ? u : UUID.fromString(value.toString());
    }
}
