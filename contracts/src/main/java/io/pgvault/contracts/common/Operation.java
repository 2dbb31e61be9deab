package io.pgvault.contracts.common;

/** What a job does. */
public enum Operation {
    /** Dump a server into a new recovery point. */
    BACKUP,
    /** Restore a recovery point into files or a database. */
    RESTORE,
    /** Restore a recovery point into a scratch database and compare it with the figures recorded at backup time. */
    VERIFY
}
