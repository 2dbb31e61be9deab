package io.pgvault.job.jobs;

/** Where a job is in its life. */
public enum JobStatus {
    /** Recorded from its command, waiting for a free worker (and, for a backup, for its instance). */
    QUEUED,
    /** A worker runs it. */
    IN_PROGRESS,
    /** Finished; a backup left its recovery point, a restore wrote its target. */
    COMPLETED,
    /** Stopped by an error; the job carries its code, message and recommendation. */
    FAILED,
    /** Stopped by a user. */
    CANCELLED;

    /** Whether no transition leaves this state. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
