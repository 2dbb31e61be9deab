package io.pgvault.job.jobs;

/**
 * Stable, machine-readable causes of a failed job, each with what a user can do about it. The
 * names are part of the API and of {@code JobFailed}: never rename one.
 */
public enum ErrorCode {
    HOST_UNREACHABLE("The database server could not be reached.",
            "Check the instance's host and port, that the server is running and accepts TCP connections"
                    + " from the job-service host (listen_addresses, firewall)."),
    AUTHENTICATION_FAILED("The database server refused the credentials.",
            "Put the role's password in its secret file in job-service's secrets directory ({instanceId}.password"
                    + " for a source, targets/{host}_{port}_{user}.password for a restore target), and check"
                    + " pg_hba.conf allows this host and role."),
    DATABASE_MISSING("A database to back up does not exist on the server.",
            "Remove it from the instance's database list, or create it on the server."),
    DISK_FULL("The recovery-point store or the target ran out of space.",
            "Free space on the store volume (PGVAULT_STORE_ROOT) or shorten retention, then run the backup again."),
    PG_DUMP_TOO_OLD("The installed pg_dump is older than the database server.",
            "Install the PostgreSQL client tools of the server's major version on the job-service host."),
    CHECKSUM_MISMATCH("An artifact of the recovery point does not match its manifest's SHA-256.",
            "The stored file is damaged or was changed; restore another recovery point."),
    HOLD_REFUSED("retention-service refused to hold the recovery point for this restore.",
            "The point may have been deleted or belong to another instance; pick a live point of this instance."),
    TARGET_EXISTS("The restore target already exists; a restore never overwrites.",
            "Choose a new database name or an empty directory."),
    ROLE_MISSING("A role that owns or is granted objects of the recovery point does not exist on the target server.",
            "Restore with \"includeGlobals\": true to create the source's roles first, or create the role on the"
                    + " target server; a restore keeps owners and grants exactly and never drops them silently."),
    TARGET_NOT_ALLOWED("The restore target is not one of the servers restores may write into.",
            "Restore into the source's own host or a host of pgvault.job.restore.allowed-targets (and"
                    + " instance-service's pgvault.instance.restore.allowed-targets), or ask the operator to add it."),
    TARGET_CREDENTIALS_MISSING("The restore target has no credential of its own in job-service's secrets directory.",
            "Write the target role's password into targets/{host}_{port}_{user}.password in job-service's secrets"
                    + " directory (pgvault.job.secrets-dir), mode 0600, then restore again."),
    TARGET_OUTSIDE_ROOT("The restore directory is outside the configured restore root.",
            "Give a relative directory under the restore root, without '..' or symbolic links leading out."),
    INTEGRITY_VIOLATION("An object of the recovery point is not what the backup wrote: its ciphertext, its manifest"
            + " or the manifest's digest in the catalog does not match.",
            "Someone or something changed the store. Nothing was written to the target; restore another recovery point"
                    + " and find out who can write the bucket."),
    KEY_UNAVAILABLE("The master key that protects recovery points is not available.",
            "Restore the master keyset file (pgvault.store.keys.master-keyset-file, env PGVAULT_MASTER_KEYSET) with"
                    + " every key that wrapped the points you need; pgvault never falls back to plaintext."),
    LOCK_TIMEOUT("pg_dump waited too long for a lock that another session holds on a table.",
            "Find the session holding an exclusive lock on the table (pg_locks joined with pg_stat_activity), let it"
                    + " finish or run the backup outside its window, or raise pgvault.job.lock-wait-timeout."),
    MAX_DURATION_EXCEEDED("The job ran longer than its operation's maximum duration and was stopped.",
            "Check what slowed it (locks, a slow server or store); raise pgvault.job.max-duration.backup or"
                    + " .restore if the job needs longer, then run it again."),
    INTERRUPTED("The job stopped reporting progress: the service running it stopped.",
            "Run the job again (backup now, or the same restore request); its partial artifacts were removed."),
    CANCELLED("The job was cancelled by a user.", "Run it again when needed."),
    VERIFICATION_FAILED("The restored recovery point does not hold what its backup recorded, or did not restore.",
            "Look at the job's verification evidence for the table or object named; take a new backup and verify it."),
    NOT_VERIFIABLE("The recovery point recorded no figures to compare with (a backup older than verification,"
            + " or one taken with pgvault.job.backup-figures=off), or the policy's verify.target names no"
            + " verification server of job-service.", "Take a new backup and verify that one; for a target, configure"
            + " pgvault.job.verify.targets.<name> or change the policy's verify.target."),
    INTERNAL("The job failed for an unexpected reason.",
            "Check the job-service log for this job id; run it again.");

    private final String message;
    private final String recommendation;

    ErrorCode(String message, String recommendation) {
        this.message = message;
        this.recommendation = recommendation;
    }

    /** The generic message of this code. */
    public String message() {
        return message;
    }

    /** The generic recommendation of this code. */
    public String recommendation() {
        return recommendation;
    }

    /** This code with its generic message and recommendation. */
    public JobError error() {
        return new JobError(this, message, recommendation);
    }

    /** This code with a specific message and the generic recommendation. */
    public JobError error(String specificMessage) {
        return new JobError(this, specificMessage, recommendation);
    }

    /** This code with a specific message and a specific recommendation. */
    public JobError error(String specificMessage, String specificRecommendation) {
        return new JobError(this, specificMessage, specificRecommendation);
    }
}
