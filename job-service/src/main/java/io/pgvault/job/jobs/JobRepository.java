package io.pgvault.job.jobs;

import io.pgvault.contracts.common.Operation;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The job table's queries. They run in the caller's session: a {@code @WithSession} read or a
 * {@code @WithTransaction} use case.
 */
@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<Job, UUID> {

    /** Running backups, here or on another replica: their instances take no second backup. */
    public Uni<List<Job>> runningBackups() {
        return list("status = ?1 and operation = ?2", JobStatus.IN_PROGRESS, Operation.BACKUP);
    }

    /** The completed backup that wrote {@code recoveryPointId}, or null. */
    public Uni<Job> backupOf(UUID recoveryPointId) {
        return find("recoveryPointId = ?1 and operation = ?2 and status = ?3", recoveryPointId, Operation.BACKUP,
                JobStatus.COMPLETED).firstResult();
    }

    /**
     * The oldest {@code limit} queued jobs, in the order they were recorded, locked for this transaction;
     * rows another replica is claiming right now are skipped, not waited for ({@code FOR UPDATE SKIP LOCKED}).
     */
    public Uni<List<Job>> lockOldestQueued(int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select * from job where status = 'QUEUED' order by created_at, id limit :limit for update skip locked",
                Job.class).setParameter("limit", limit).getResultList());
    }

    /**
     * Renews the lease of those of {@code ids} that still run and belong to {@code owner}, with their bytes
     * so far. A bulk update: it never bumps the version, so a heartbeat never makes a runner's write stale.
     */
    public Uni<Integer> renewLease(UUID id, String owner, long bytesDone, Instant now, Instant leaseUntil) {
        return update("heartbeatAt = ?1, leaseExpiresAt = ?2, bytesDone = ?3 where id = ?4 and owner = ?5"
                + " and status = ?6", now, leaseUntil, bytesDone, id, owner, JobStatus.IN_PROGRESS);
    }

    /** Those of {@code ids} that still run and belong to {@code owner}. */
    public Uni<List<Job>> runningAmong(Collection<UUID> ids, String owner) {
        return list("id in ?1 and owner = ?2 and status = ?3", ids, owner, JobStatus.IN_PROGRESS);
    }

    /**
     * Running jobs whose lease expired before {@code now} (jobs of older versions, without a lease: whose
     * heartbeat is older than {@code staleBefore} or missing), locked; rows another replica's reaper holds
     * are skipped.
     */
    public Uni<List<Job>> lockExpiredLeases(Instant now, Instant staleBefore) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select * from job where status = 'IN_PROGRESS' and (lease_expires_at < :now"
                        + " or (lease_expires_at is null and (heartbeat_at is null or heartbeat_at < :staleBefore)))"
                        + " for update skip locked", Job.class)
                .setParameter("now", now).setParameter("staleBefore", staleBefore).getResultList());
    }

    /** Dead jobs whose debris is still to be removed, at most {@code limit}. */
    public Uni<List<Job>> debrisPending(int limit) {
        return find("debrisPending = true and status in ?1 order by finishedAt, id",
                List.of(JobStatus.FAILED, JobStatus.CANCELLED)).page(0, limit).list();
    }

    /** Marks a dead job's debris removed. */
    public Uni<Integer> debrisRemoved(UUID id) {
        return update("debrisPending = false where id = ?1", id);
    }

    /** Whether {@code id} is a job that is still queued or running (its staging directory is in use). */
    public Uni<Boolean> isLive(UUID id) {
        return count("id = ?1 and status in ?2", id, List.of(JobStatus.QUEUED, JobStatus.IN_PROGRESS))
                .map(n -> n > 0);
    }

    /** One page (plus one row, to know whether another page follows), newest first. */
    public Uni<List<Job>> page(JobQuery query) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (query.instanceId() != null) {
            where.append(" and instanceId = :instanceId");
            params.and("instanceId", query.instanceId());
        }
        if (query.operation() != null) {
            where.append(" and operation = :operation");
            params.and("operation", query.operation());
        }
        if (query.status() != null) {
            where.append(" and status = :status");
            params.and("status", query.status());
        }
        if (query.from() != null) {
            where.append(" and createdAt >= :from");
            params.and("from", query.from());
        }
        if (query.to() != null) {
            where.append(" and createdAt < :to");
            params.and("to", query.to());
        }
        if (query.afterAt() != null) {
            where.append(" and (createdAt < :afterAt or (createdAt = :afterAt and id < :afterId))");
            params.and("afterAt", query.afterAt()).and("afterId", query.afterId());
        }
        return find(where + " order by createdAt desc, id desc", params)
                .page(0, query.limit() + 1)
                .list();
    }
}
