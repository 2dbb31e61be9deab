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

    /** The first key of the advisory locks that serialize claiming a backup of one instance. */
    static final int BACKUP_CLAIM_LOCK = 0x7067_6231;

    /** The completed backup that wrote {@code recoveryPointId}, or null. */
    public Uni<Job> backupOf(UUID recoveryPointId) {
        return find("recoveryPointId = ?1 and operation = ?2 and status = ?3", recoveryPointId, Operation.BACKUP,
                JobStatus.COMPLETED).firstResult();
    }

    /** The instance's newest VERIFY job (any status), or null. */
    public Uni<Job> latestVerificationOf(UUID instanceId) {
        return find("instanceId = ?1 and operation = ?2 order by createdAt desc", instanceId, Operation.VERIFY)
                .firstResult();
    }

    /** VERIFY jobs running now, on any replica. */
    public Uni<Long> runningVerifications() {
        return count("status = ?1 and operation = ?2", JobStatus.IN_PROGRESS, Operation.VERIFY);
    }

    /**
     * The oldest {@code limit} queued jobs, in the order they were recorded: the candidates of a claim,
     * not locked (a claim locks only the ones it starts, {@link #lockIfQueued}, so the others stay free
     * for another replica's claim).
     */
    public Uni<List<Job>> oldestQueued(int limit) {
        return find("status = ?1 order by createdAt, id", JobStatus.QUEUED).page(0, limit).list();
    }

    /**
     * Locks job {@code id} for this transaction if it is still queued; false, without waiting, if it is
     * not (started or cancelled meanwhile) or another replica's claim holds it ({@code FOR UPDATE SKIP LOCKED}).
     */
    public Uni<Boolean> lockIfQueued(UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select count(*) from (select id from job where id = :id and status = 'QUEUED'"
                        + " for update skip locked) claimed", Long.class)
                .setParameter("id", id).getSingleResult()).map(n -> n > 0);
    }

    /**
     * Takes, for this transaction, the lock under which a backup of {@code instanceId} is claimed
     * (a PostgreSQL advisory transaction lock): false, without waiting, if another transaction (another
     * replica's claim) holds it. Under the lock, {@link #hasRunningBackup} sees every backup of the
     * instance that a claim has started. Two instances whose ids hash alike share the lock: the loser
     * waits for the next dispatch.
     */
    public Uni<Boolean> tryLockBackupsOf(UUID instanceId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select pg_try_advisory_xact_lock(" + BACKUP_CLAIM_LOCK + ", hashtext(:instance))", Boolean.class)
                .setParameter("instance", instanceId.toString()).getSingleResult());
    }

    /**
     * Whether a backup of {@code instanceId} runs, here or on another replica. Its own statement: it sees
     * what committed before it started, a claim that committed while this transaction took its lock too.
     */
    public Uni<Boolean> hasRunningBackup(UUID instanceId) {
        return count("instanceId = ?1 and status = ?2 and operation = ?3", instanceId, JobStatus.IN_PROGRESS,
                Operation.BACKUP).map(n -> n > 0);
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
