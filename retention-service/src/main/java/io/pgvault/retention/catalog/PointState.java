package io.pgvault.retention.catalog;

/** Life of a recovery point in the catalog. */
public enum PointState {
    /** In the store and restorable. */
    LIVE,
    /** Soft-deleted: its files stay in the store until the grace period ends; can be undeleted. */
    DELETED,
    /** Its files are gone from the store. */
    PURGED
}
