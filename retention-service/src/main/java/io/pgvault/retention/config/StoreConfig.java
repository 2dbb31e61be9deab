package io.pgvault.retention.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The recovery-point store shared with job-service ({@code pgvault.store.*}). */
@ConfigMapping(prefix = "pgvault.store")
public interface StoreConfig {

    /** Root directory; a point lives in {@code {root}/{instanceId}/{recoveryPointId}/}. */
    @WithDefault("./data/vault")
    String root();
}
