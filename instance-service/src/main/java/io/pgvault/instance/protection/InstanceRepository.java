package io.pgvault.instance.protection;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Reads of backup instances. */
@ApplicationScoped
@WithSession
public class InstanceRepository implements PanacheRepositoryBase<BackupInstance, UUID> {

    private static final String CLAIM_DUE = "select * from backup_instance"
            + " where state = 'PROTECTION_CONFIGURED' and next_due_at <= :now"
            + " order by next_due_at limit :limit for update skip locked";

    private static final String CLAIM_VERIFICATION_DUE = "select i.* from backup_instance i"
            + " join backup_policy p on p.id = i.policy_id"
            + " where i.state = 'PROTECTION_CONFIGURED' and i.newest_point_id is not null"
            + " and p.verify_every like 'P%'"
            + " and (greatest(i.last_verification_at, i.verify_requested_at) is null"
            + " or greatest(i.last_verification_at, i.verify_requested_at) + cast(p.verify_every as interval) <= :now)"
            + " order by i.id limit :limit for update of i skip locked";

    /** One page of instances matching the filters (each may be null), ordered by name then id. */
    public Uni<PageOf<BackupInstance>> search(ProtectionState state, UUID policyId, String nameContains, int page,
            int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (state != null) {
            query.append(" and state = :state");
            params.and("state", state);
        }
        if (policyId != null) {
            query.append(" and policyId = :policyId");
            params.and("policyId", policyId);
        }
        if (nameContains != null && !nameContains.isBlank()) {
            query.append(" and lower(name) like :name escape '\\'");
            String escaped = nameContains.trim().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            params.and("name", "%" + escaped + "%");
        }
        var found = find(query.toString(), Sort.by("name").and("id"), params).page(Page.of(page, size));
        return found.list().chain(items -> found.count().map(total -> new PageOf<>(items, page, size, total)));
    }

    /**
     * Claims up to {@code limit} protected instances due at {@code now}, locked for the caller's transaction;
     * rows another transaction holds are skipped ({@code FOR UPDATE SKIP LOCKED}), so two replicas never
     * claim the same instance.
     */
    public Uni<List<BackupInstance>> claimDue(Instant now, int limit) {
        return getSession().chain(session -> session.createNativeQuery(CLAIM_DUE, BackupInstance.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }

    /**
     * Whether the instance records a backup as queued or running that began after {@code since} (a scalar read,
     * straight from the database, never from the session's cache).
     */
    public Uni<Boolean> hasActiveBackupSince(UUID id, Instant since) {
        return getSession().chain(session -> session.createNativeQuery(
                        "select count(*) from backup_instance where id = :id and active_backup_job_id is not null"
                                + " and active_backup_since >= :since", Long.class)
                .setParameter("id", id)
                .setParameter("since", since)
                .getSingleResult())
                .map(count -> count > 0);
    }

    /**
     * Claims up to {@code limit} protected instances with a known newest point whose policy verifies every
     * ISO-8601 duration ({@code verify_every} such as {@code P7D}; PostgreSQL reads that form as an interval)
     * and whose last verification, or the scheduler's last request of one, is older than that duration (or
     * neither exists); locked for the caller's transaction, skipping rows another one holds.
     */
    public Uni<List<BackupInstance>> claimVerificationDue(Instant now, int limit) {
        return getSession().chain(session -> session.createNativeQuery(CLAIM_VERIFICATION_DUE, BackupInstance.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** The instance, locked for the caller's transaction: actions on one instance run one at a time. */
    public Uni<BackupInstance> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public Uni<BackupInstance> findByName(String name) {
        return find("lower(name) = lower(?1)", name).firstResult();
    }

    public Uni<List<BackupInstance>> usingPolicy(UUID policyId) {
        return list("policyId = ?1 order by name", policyId);
    }
}
