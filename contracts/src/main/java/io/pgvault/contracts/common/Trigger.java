package io.pgvault.contracts.common;

/** What started a job. */
public enum Trigger {
    /** The policy's schedule. */
    SCHEDULED,
    /** A user's request. */
    ON_DEMAND
}
