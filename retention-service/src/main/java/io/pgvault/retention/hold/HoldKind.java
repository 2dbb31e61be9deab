package io.pgvault.retention.hold;

/** Why a hold keeps a recovery point. Any active hold keeps a point, whatever its expiry. */
public enum HoldKind {
    /** Protection stopped with RETAIN_FOREVER: every point of the instance is kept until resume. */
    RETAIN_FOREVER,
    /** Protection stopped with RETAIN_AS_PER_POLICY: the newest point is kept until resume. */
    LATEST,
    /** A user pinned the point (or undeleted it): kept until unpinned. */
    PIN,
    /** A restore is reading the point; leased, renewed by its holder, released when done. */
    RESTORE;

    /**
     * The action that places and removes a hold of this kind, for a refusal to move it elsewhere:
     * holds belong to their owner.
     */
    public String movedBy() {
        return switch (this) {
            case RETAIN_FOREVER, LATEST -> "stop-protection/resume-protection";
            case PIN -> "unpin";
            case RESTORE -> "restore-hold";
        };
    }

    /** Where that action is, in words a caller can follow. */
    public String howToMove() {
        return switch (this) {
            case RETAIN_FOREVER, LATEST -> "stopping protection places it and only resuming protection removes it "
                    + "(instance-service: POST /api/v1/backup-instances/{id}/resume-protection)";
            case PIN -> "only unpin removes it (DELETE /api/v1/recovery-points/{id}/pin, role backup-admin)";
            case RESTORE -> "the service that runs the restore takes, renews and releases it "
                    + "(/api/v1/recovery-points/{id}/holds, role pgvault-service)";
        };
    }
}
