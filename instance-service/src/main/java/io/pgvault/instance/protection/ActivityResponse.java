package io.pgvault.instance.protection;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of an instance's activity log.
 *
 * @param at             when it happened
 * @param action         e.g. PROTECT, BACKUP_NOW, STOP_PROTECTION, SCHEDULED_BACKUP
 * @param actor          who did it: the token's subject (a user name), or {@code scheduler}; for an operation
 *                       multi-user authorization let through, who requested it
 * @param approvedBy     who approved it (multi-user authorization), or null
 * @param reason         the reason the user chose (stop, delete)
 * @param comments       the user's comments
 * @param resultingState the instance's state after the action
 * @param jobId          the job the action requested, if any
 * @param detail         more facts, e.g. the policy change
 */
public record ActivityResponse(Instant at, String action, String actor, String approvedBy, String reason,
        String comments, ProtectionState resultingState, UUID jobId, String detail) {

    public static ActivityResponse from(ActivityEntry e) {
        return new ActivityResponse(e.occurredAt, e.action, e.actor, e.approvedBy, e.reason, e.comments,
                e.resultingState, e.jobId, e.detail);
    }
}
