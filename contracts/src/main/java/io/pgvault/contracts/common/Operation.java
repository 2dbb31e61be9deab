package io.pgvault.contracts.common;

/** What a job does. */
public enum Operation {
    /** Dump a server into a new recovery point. */
    BACKUP,
    /** Restore a recovery point into files or a database. */
    RESTORE
}
