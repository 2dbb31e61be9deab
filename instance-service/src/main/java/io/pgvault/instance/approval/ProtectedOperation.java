package io.pgvault.instance.approval;

/**
 * The operations multi-user authorization protects: when it is on, each becomes a pending operation that a
 * backup-approver other than the requester must approve before it acts and its command is published.
 */
public enum ProtectedOperation {
    /** Stop protection with DELETE_DATA. */
    STOP_PROTECTION_DELETE_DATA,
    /** Delete a backup instance. */
    DELETE_INSTANCE,
    /** Bring a deleted (soft-deleted) instance back. */
    UNDELETE_INSTANCE,
    /** Change immutability, its retention bounds or multi-user authorization, or shorten the grace period. */
    CHANGE_VAULT,
    /** Change a user's roles. */
    CHANGE_USER_ROLES,
    /** Remove a recovery point's pins (retention-service carries it out: PinRemovalApproved). */
    UNPIN_RECOVERY_POINT,
    /** Purge a soft-deleted recovery point before its grace period ends (PurgeRequested). */
    PURGE_RECOVERY_POINT,
    /** Purge a soft-deleted instance's data before its grace period ends (PurgeRequested). */
    PURGE_INSTANCE
}
