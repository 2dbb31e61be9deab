package io.pgvault.job.jobs;

import io.pgvault.contracts.common.Operation;
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

    /** The oldest {@code limit} queued jobs, in the order they were recorded. */
    public Uni<List<Job>> oldestQueued(int limit) {
        return find("status = ?1 order by createdAt, id", JobStatus.QUEUED).page(0, limit).list();
    }

    /** Those of {@code ids} that still run. */
    public Uni<List<Job>> runningAmong(Collection<UUID> ids) {
        return list("id in ?1 and status = ?2", ids, JobStatus.IN_PROGRESS);
    }

    /** Running jobs whose heartbeat is older than {@code staleBefore}, or that never had one. */
    public Uni<List<Job>> staleRunning(Instant staleBefore) {
        return list("status = ?1 and (heartbeatAt is null or heartbeatAt < ?2)", JobStatus.IN_PROGRESS, staleBefore);
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
