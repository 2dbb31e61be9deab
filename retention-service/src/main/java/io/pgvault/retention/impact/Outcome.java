package io.pgvault.retention.impact;

/** What an action does to one recovery point, as its impact preview says it. */
public enum Outcome {
    /** Nothing changes for it: its expiry is unchanged ({@code date}; null = it has none). */
    KEPT,
    /** Stop with RETAIN_AS_PER_POLICY: the newest point gets the LATEST hold, kept until resume. */
    GETS_HOLD_LATEST,
    /** Soft-deleted by the action itself; its files are purged at {@code purgeAt}. */
    SOFT_DELETED_NOW,
    /** Its original retention ended at {@code date} and nothing keeps it any more: the next sweep deletes it. */
    DELETED_AT_FIRST_SWEEP_AFTER,
    /** The action would delete it, but the vault's immutability keeps it until {@code date}. */
    BLOCKED_BY_IMMUTABILITY,
    /** Already soft-deleted, and stays so; its files are purged at {@code purgeAt}. */
    STAYS_SOFT_DELETED;

    /** One line for a person, in front of the figures of this outcome. */
    public String describe() {
        return switch (this) {
            case KEPT -> "kept, expiry unchanged";
            case GETS_HOLD_LATEST -> "gets hold LATEST: kept until protection is resumed";
            case SOFT_DELETED_NOW -> "soft-deleted now, files purged when the grace period ends";
            case DELETED_AT_FIRST_SWEEP_AFTER -> "deleted at the first sweep, because its original retention has passed";
            case BLOCKED_BY_IMMUTABILITY -> "blocked by immutability: kept until its expiry";
            case STAYS_SOFT_DELETED -> "already soft-deleted; purged when its grace period ends";
        };
    }
}
