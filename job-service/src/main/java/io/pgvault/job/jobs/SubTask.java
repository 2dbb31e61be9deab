package io.pgvault.job.jobs;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One step of a job: the globals, or one database's dump or restore, or one artifact's copy. */
@Entity
@Table(name = "job_sub_task")
public class SubTask extends PanacheEntityBase {

    /** What a sub-task handles. */
    public enum Kind {
        GLOBALS, DATABASE, FILE
    }

    /** Where a sub-task is. */
    public enum Status {
        PENDING, IN_PROGRESS, COMPLETED, FAILED, CANCELLED
    }

    @Id
    public UUID id;

    @Column(name = "job_id")
    public UUID jobId;

    public int position;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    @Column(name = "database_name")
    public String databaseName;

    public String artifact;

    @Enumerated(EnumType.STRING)
    public Status status;

    public long bytes;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
