package io.pgvault.instance.protection;

/** Where a backup instance is in its protection lifecycle; see {@link ProtectionAction} for the moves. */
public enum ProtectionState {
    /** Scheduled backups run; backup now is allowed. */
    PROTECTION_CONFIGURED,
    /** Stopped with RETAIN_FOREVER: no backups, every point kept; resumable. */
    PROTECTION_STOPPED,
    /** Stopped with RETAIN_AS_PER_POLICY: no backups, points expire (the latest kept); resumable. */
    BACKUPS_SUSPENDED,
    /** Stopped with DELETE_DATA: no backups, points deleted; only delete remains. */
    DATA_DELETED,
    /**
     * Deleted by the user: soft-deleted, its configuration and its points (DELETED) kept for the grace period,
     * during which it can be undeleted; gone once retention-service reports the purge.
     */
    SOFT_DELETED
}
