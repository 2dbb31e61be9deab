package io.pgvault.job.job;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Reads of jobs and their sub-tasks. */
@ApplicationScoped
public class JobRepository {

    @WithSession
    public Uni<Job> find(UUID id) {
        return Job.findById(id);
    }

    @WithSession
    public Uni<List<SubTask>> subTasks(UUID jobId) {
        return SubTask.list("jobId = ?1 order by position", jobId);
    }

    /** One page (plus one row, to know whether another page follows), newest first. */
    @WithSession
    public Uni<List<Job>> list(JobQuery query) {
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
        return Job.<Job>find(where + " order by createdAt desc, id desc", params)
                .page(0, query.limit() + 1)
                .list();
    }
}
