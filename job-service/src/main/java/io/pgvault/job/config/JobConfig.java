package io.pgvault.job.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** job-service settings ({@code pgvault.job.*}); production values come from the environment. */
@ConfigMapping(prefix = "pgvault.job")
public interface JobConfig {

    /** Root of the recovery-point store, shared with retention-service (env PGVAULT_STORE_ROOT). */
    @WithDefault("./data/vault")
    String storeRoot();

    /** Directory under which restores as files are written; a target outside it is refused. */
    @WithDefault("./data/restores")
    String restoreRoot();

    /**
     * Directory of password files (env PGVAULT_SECRETS_DIR): {@code {instanceId}.password} per source
     * instance, {@code targets/{host}_{port}_{user}.password} per restore target server and role.
     */
    @WithDefault("./data/secrets")
    String secretsDir();

    /**
     * This job-service's own directory (env PGVAULT_JOB_DATA_DIR), not shared with replicas: its
     * {@code private/} subdirectory (0700) holds the temporary password files and tool output of running
     * jobs and is emptied at start-up.
     */
    @WithDefault("./data/job")
    String dataDir();

    /** Where passwords come from ({@code pgvault.job.credentials.*}). */
    CredentialSettings credentials();

    /** Where restores may write ({@code pgvault.job.restore.*}). */
    RestoreSettings restore();

    /** {@code zstd:<1-19>} ({@code pg_dump -Z0} compressed in the stream), {@code gzip:<0-9>} or {@code none}. */
    @WithDefault("zstd:1")
    String compression();

    /**
     * What a backup records beside each database's dump, in the dump's own snapshot, for verification
     * (env PGVAULT_BACKUP_FIGURES): {@code digest} (every table's row count and content digest, sequence
     * values, large objects, schemas and objects; the digest costs about one more read of each table),
     * {@code counts} (the same without digests) or {@code off} (nothing: such points cannot be verified).
     */
    @WithDefault("digest")
    String backupFigures();

    /** Restore verification ({@code pgvault.job.verify.*}). */
    VerifySettings verify();

    /**
     * Databases one backup dumps at once (env PGVAULT_JOB_DUMP_PARALLELISM); {@code 0}: as many as this host has
     * cores, at most 4 (2 on 2 cores, 4 on 16). Each concurrent dump to the S3 store holds its own two upload parts.
     */
    @WithDefault("0")
    int dumpParallelism();

    /** Jobs this service runs at once (one backup per instance at a time in any case). */
    @WithDefault("2")
    int concurrency();

    /** Directory holding {@code <major>/bin/pg_dump} per installed client version (Debian layout). */
    @WithDefault("/usr/lib/postgresql")
    String clientToolsRoot();

    /** How often a running job records its heartbeat and progress. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** How often the running jobs' bytes so far are recorded and sent on the live job stream (JobWorker). */
    @WithDefault("1s")
    Duration progressInterval();

    /**
     * The lease of a running job: every heartbeat extends it to now + this; a job whose lease expired (its
     * replica died or lost the database) is failed as INTERRUPTED by the reaper of any replica.
     */
    @WithDefault("60s")
    Duration staleAfter();

    /**
     * This replica's name in the jobs it runs (the job's {@code owner}); unset: host name, process id and a
     * random suffix, new at every start. Two replicas must never share one.
     */
    Optional<String> replicaId();

    /**
     * {@code pg_dump --lock-wait-timeout}: how long a dump waits for the share lock on a table that another
     * session holds exclusively (e.g. a migration's ALTER TABLE) before it fails with LOCK_TIMEOUT.
     */
    @WithDefault("5m")
    Duration lockWaitTimeout();

    /** The longest a job may run, per operation ({@code pgvault.job.max-duration.*}). */
    MaxDuration maxDuration();

    /**
     * The largest manifest (bytes, as stored) that JobSucceeded carries itself; a larger one (a server with
     * thousands of databases) travels as a reference into the store plus its SHA-256, so that no message
     * approaches the broker's size limit.
     */
    @WithDefault("262144")
    int manifestInlineLimit();

    /** Restore holds: lease asked of retention-service; renewed with every heartbeat while the restore runs. */
    @WithDefault("300")
    int holdLeaseSeconds();

    /** The longest a call to retention-service may take (connect and read timeouts: {@code quarkus.rest-client.retention.*}). */
    @WithDefault("5s")
    Duration httpTimeout();

    /** How often queued jobs are picked for free workers. */
    @WithDefault("1s")
    Duration dispatchInterval();

    /** How often the reaper looks for running jobs with a stale heartbeat. */
    @WithDefault("30s")
    Duration reaperInterval();

    /** Base URL of retention-service (env PGVAULT_RETENTION_URL), for restore holds: the REST client's URL. */
    @WithDefault("http://127.0.0.1:8083")
    String retentionServiceUrl();

    /** Limits on a job's run time; a job that exceeds one is stopped (its process tree killed), MAX_DURATION_EXCEEDED. */
    interface MaxDuration {

        /** The longest a backup may run. */
        @WithDefault("12h")
        Duration backup();

        /** The longest a restore may run. */
        @WithDefault("24h")
        Duration restore();
    }

    /**
     * The verification server, where a VERIFY job restores a point into a scratch database
     * {@code pgvault_verify_<job id>} that it drops at the end ({@code pgvault.job.verify.*}, env
     * PGVAULT_VERIFY_*). Its password, like a restore target's, is the file
     * {@code <secrets>/targets/<host>_<port>_<username>.password}.
     */
    interface VerifySettings {

        /** The server's host (env PGVAULT_VERIFY_HOST). */
        @WithDefault("127.0.0.1")
        String host();

        /** Its port (env PGVAULT_VERIFY_PORT). */
        @WithDefault("5432")
        int port();

        /** The role to connect as; it needs CREATEDB (env PGVAULT_VERIFY_USER). */
        @WithDefault("postgres")
        String username();

        /** libpq {@code sslmode}: {@code require} or {@code verify-full}; unset: libpq's default. */
        Optional<String> sslMode();

        /** Verifications running at once, each behind queued backups and restores (env PGVAULT_VERIFY_MAX_CONCURRENT). */
        @WithDefault("1")
        int maxConcurrent();

        /** The longest a verification may run. */
        @WithDefault("12h")
        Duration maxDuration();

        /**
         * Further verification servers by name ({@code pgvault.job.verify.targets.<name>.*}), chosen by a
         * policy's {@code verify.target}; the server above is the one named {@code default}. Each one's password
         * is a restore target's secret file, like the default's.
         */
        Map<String, VerifyTarget> targets();
    }

    /** One named verification server ({@code pgvault.job.verify.targets.<name>.*}). */
    interface VerifyTarget {

        /** The server's host. */
        String host();

        /** Its port. */
        @WithDefault("5432")
        int port();

        /** The role to connect as; it needs CREATEDB. */
        @WithDefault("postgres")
        String username();

        /** libpq {@code sslmode}: {@code require} or {@code verify-full}; unset: libpq's default. */
        Optional<String> sslMode();
    }

    /** Settings of the password sources ({@code pgvault.job.credentials.*}). */
    interface CredentialSettings {

        /**
         * Whether a connection without a secret file may use job-service's own PGPASSFILE or
         * {@code ~/.pgpass} (env PGVAULT_HOST_PASSFILE). Off by default: those files may hold passwords for
         * other servers, and libpq would offer them to whatever server a restore target names.
         */
        @WithDefault("false")
        boolean hostPassfile();
    }

    /** Settings of restores ({@code pgvault.job.restore.*}). */
    interface RestoreSettings {

        /**
         * Hosts, addresses and CIDR blocks a restore into a database may connect to (env
         * PGVAULT_RESTORE_ALLOWED_TARGETS, comma-separated), job-service's own copy of instance-service's
         * {@code pgvault.instance.restore.allowed-targets}. Names are never resolved.
         */
        Optional<List<String>> allowedTargets();

        /** Whether the source instance's own host is an allowed restore target without being listed. */
        @WithDefault("true")
        boolean allowSourceHost();

        /**
         * {@code pg_restore --jobs} of a restore into a database (env PGVAULT_JOB_RESTORE_JOBS), from a local copy of
         * the dump; {@code 0}: as many as this host has cores, at least 2 and at most 4.
         */
        @WithDefault("0")
        int jobs();

        /**
         * The most bytes one restore's local copies of its (decompressed) dumps may take (env
         * PGVAULT_JOB_RESTORE_LOCAL_COPY_LIMIT); a dump that does not fit is streamed into pg_restore, without
         * {@code --jobs}.
         */
        @WithDefault("68719476736")
        long localCopyLimit();

        /**
         * The free space (bytes) the local copies always leave on the disk of {@code pgvault.job.data-dir} (env
         * PGVAULT_JOB_RESTORE_LOCAL_COPY_MIN_FREE).
         */
        @WithDefault("1073741824")
        long localCopyMinFree();
    }
}
