package io.pgvault.retention.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Settings of retention-service ({@code pgvault.retention.*}). */
@ConfigMapping(prefix = "pgvault.retention")
public interface RetentionConfig {

    /**
     * How many newest live points of an instance the sweep never deletes, whatever their expiry:
     * a run of failed backups can never leave an instance with nothing.
     */
    @WithDefault("1")
    @Min(1)
    int floor();

    /** How long a soft-deleted point keeps its files (undelete possible); 0 purges at the next sweep. */
    @WithDefault("P14D")
    Duration gracePeriod();

    /** How often the sweep runs, e.g. {@code 60s} or {@code 5m}; {@code off} disables it. */
    @WithDefault("60s")
    String sweepInterval();

    /** How often catalog and store are compared (orphans, missing files); {@code off} disables it. */
    @WithDefault("1h")
    String driftInterval();

    /** Points the sweep claims per transaction. */
    @WithDefault("500")
    @Min(1)
    int sweepBatchSize();

    /** Most batches one sweep run handles, so a run stays bounded; the rest waits for the next run. */
    @WithDefault("400")
    @Min(1)
    int sweepMaxBatches();

    /** Lease of a restore hold when the request names none, in seconds. */
    @WithDefault("300")
    @Min(1)
    int defaultLeaseSeconds();

    /** Longest lease a restore hold may ask for, in seconds. */
    @WithDefault("3600")
    @Min(1)
    int maxLeaseSeconds();
}
