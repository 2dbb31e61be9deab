package io.pgvault.instance.protection;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Writes and reads the activity log of backup instances. */
@ApplicationScoped
@WithSession
public class ActivityLog implements PanacheRepositoryBase<ActivityEntry, Long> {

    /** Who acts for scheduled backups. */
    public static final String SCHEDULER = "scheduler";

    private final Clock clock;

    public ActivityLog(Clock clock) {
        this.clock = clock;
    }

    /** Records an action in the caller's transaction, with the instance's state after it. */
    public Uni<Void> record(BackupInstance instance, String action, String actor, String reason, String comments,
            UUID jobId, String detail) {
        return record(instance, action, actor, null, reason, comments, jobId, detail);
    }

    /** Like the other, with the second actor of an operation multi-user authorization let through. */
    public Uni<Void> record(BackupInstance instance, String action, String actor, String approvedBy, String reason,
            String comments, UUID jobId, String detail) {
        ActivityEntry entry = new ActivityEntry();
        entry.approvedBy = approvedBy;
        entry.instanceId = instance.id;
        entry.occurredAt = clock.instant();
        entry.action = action;
        entry.actor = actor;
        entry.reason = reason;
        entry.comments = comments;
        entry.resultingState = instance.state;
        entry.jobId = jobId;
        entry.detail = detail;
        return persist(entry).replaceWithVoid();
    }

    /** Every action on an instance, newest first. */
    public Uni<List<ActivityEntry>> of(UUID instanceId) {
        return list("instanceId = ?1 order by id desc", instanceId);
    }
}
