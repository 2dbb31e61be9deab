package io.pgvault.retention.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The recovery-point store shared with job-service ({@code pgvault.store.*}, the same settings). */
@ConfigMapping(prefix = "pgvault.store")
public interface StoreConfig {

    /** Which store (env PGVAULT_STORE): {@code s3} (the default) or {@code fs}. */
    @WithDefault("s3")
    Kind kind();

    /** Root directory of the {@code fs} store; a point lives in {@code {root}/{instanceId}/{recoveryPointId}/}. */
    @WithDefault("./data/vault")
    String root();

    /** The {@code s3} store ({@code pgvault.store.s3.*}). */
    S3 s3();

    /** The kinds of store. */
    enum Kind {
        S3, FS
    }

    /** Where the S3 store is and how to log in to it (job-service's settings of the same names). */
    interface S3 {

        /** Endpoint URL (env PGVAULT_S3_ENDPOINT); AWS's own when unset. */
        Optional<String> endpoint();

        /** Region (env PGVAULT_S3_REGION). */
        @WithDefault("us-east-1")
        String region();

        /** Bucket (env PGVAULT_S3_BUCKET). */
        @WithDefault("pgvault")
        String bucket();

        /** Key prefix (env PGVAULT_S3_PREFIX). */
        Optional<String> prefix();

        /** Path-style access (env PGVAULT_S3_PATH_STYLE). */
        @WithDefault("true")
        boolean pathStyle();

        /** Access key id (env PGVAULT_S3_ACCESS_KEY_ID); when unset, the AWS default credentials chain. */
        Optional<String> accessKeyId();

        /** Secret access key (env PGVAULT_S3_SECRET_ACCESS_KEY). */
        Optional<String> secretAccessKey();

        /** A file holding the secret access key (env PGVAULT_S3_SECRET_ACCESS_KEY_FILE), read instead of the key. */
        Optional<String> secretAccessKeyFile();
    }
}
