package io.pgvault.instance.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of instance-service ({@code pgvault.instance.*}). */
@ConfigMapping(prefix = "pgvault.instance")
public interface InstanceConfig {

    /** Shortest allowed time between two scheduled backups of a policy. */
    @WithDefault("PT1H")
    Duration minScheduleInterval();

    /** Shortest allowed retention of any rule; the longest is always P10Y. Tests lower it to seconds. */
    @WithDefault("P1D")
    Duration minRetention();

    /** Base URL of job-service, used to build the job URLs this service answers with (env PGVAULT_JOB_URL). */
    @WithDefault("http://127.0.0.1:8082")
    String jobServiceUrl();

    /** Base URL of retention-service, which validates restores (env PGVAULT_RETENTION_URL). */
    @WithDefault("http://127.0.0.1:8083")
    String retentionServiceUrl();

    /**
     * How long a requested backup counts as queued or running when job-service never reports its end;
     * after that, backup now and the scheduler no longer wait for it.
     */
    @WithDefault("PT6H")
    Duration activeBackupTimeout();

    /**
     * How long a backup now that finds the instance's backup still queued or running here waits for that
     * backup's end to be heard before it answers 409 (env PGVAULT_BACKUP_NOW_SETTLE): COMPLETED at job-service
     * means free here, though its JobSucceeded arrives a moment later.
     */
    @WithDefault("PT2S")
    Duration backupNowSettle();

    /**
     * Whether a protected server may be named by a Unix-domain socket path ({@code datasource.host} starting
     * with {@code /} or {@code @}): off by default, since such a path reaches whatever server listens on
     * job-service's own host, under job-service's own identity (peer authentication).
     */
    @WithDefault("false")
    boolean allowUnixSocketSources();

    /** How long a pending operation of multi-user authorization waits for its approver before it expires. */
    @WithDefault("PT24H")
    Duration pendingOperationLifetime();

    /** How often pending operations whose time ran out are marked EXPIRED ({@code off} disables it). */
    @WithDefault("60s")
    String pendingOperationExpiryEvery();

    /** Restores ({@code pgvault.instance.restore.*}). */
    Restore restore();

    /** The vault's settings from config ({@code pgvault.instance.vault.*}): they can raise, never lower. */
    Vault vault();

    /**
     * What config asks of the vault at start-up. Config can only raise the settings in the database: it can
     * enable or lock immutability and turn multi-user authorization on, never the reverse (that takes the API,
     * under multi-user authorization when it is on), so a restart with {@code DISABLED} keeps a lock.
     */
    interface Vault {

        /** DISABLED, ENABLED or LOCKED (env PGVAULT_IMMUTABILITY); empty: whatever the database says. */
        Optional<io.pgvault.contracts.common.Immutability> immutability();

        /** Turns multi-user authorization on at start-up (env PGVAULT_MULTI_USER_AUTHORIZATION). */
        @WithDefault("false")
        boolean multiUserAuthorization();

        /**
         * The floor's first value (env PGVAULT_RETENTION_FLOOR, as retention-service's): newest live points per
         * instance that expiry never deletes. Used only while the vault has none; then {@code PUT /api/v1/vault}.
         */
        @WithDefault("1")
        @jakarta.validation.constraints.Min(1)
        int floor();
    }

    /** The scheduler of due backups. */
    Scheduler scheduler();

    /** Settings of restores ({@code pgvault.instance.restore.*}). */
    interface Restore {

        /**
         * Hosts, addresses and CIDR blocks (IPv4, IPv6) a restore into a database may name as its target
         * (env PGVAULT_RESTORE_ALLOWED_TARGETS, comma-separated), besides the instance's own host. Names are
         * never resolved: {@code localhost} is not {@code 127.0.0.1}. job-service checks its own copy,
         * {@code pgvault.job.restore.allowed-targets}.
         */
        Optional<List<String>> allowedTargets();

        /** Whether the instance's own host is an allowed restore target without being listed. */
        @WithDefault("true")
        boolean allowSourceHost();

        /**
         * How long a restore of a point retention-service does not know waits for it to be cataloged before it
         * answers 404 (env PGVAULT_RESTORE_CATALOG_WAIT): a backup reads COMPLETED a moment before its point is
         * cataloged, and a restore of it requested at once must be accepted.
         */
        @WithDefault("PT2S")
        Duration catalogWait();
    }

    /** Settings of the scheduler ({@code pgvault.instance.scheduler.*}). */
    interface Scheduler {

        /** How often due instances are looked for, e.g. {@code 5s}; {@code off} disables the periodic run. */
        @WithDefault("5s")
        String every();

        /** How many due instances one run claims at most. */
        @WithDefault("100")
        int batchSize();
    }
}
