package io.pgvault.job.jobs;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The sub-task table's queries; they run in the caller's session. */
@ApplicationScoped
public class SubTaskRepository implements PanacheRepositoryBase<SubTask, UUID> {

    /** A job's steps in order. */
    public Uni<List<SubTask>> ofJob(UUID jobId) {
        return list("jobId = ?1 order by position", jobId);
    }

    /** One step of a job. */
    public Uni<SubTask> at(UUID jobId, int position) {
        return find("jobId = ?1 and position = ?2", jobId, position).firstResult();
    }
}
