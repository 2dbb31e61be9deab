package io.pgvault.job.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The recovery-point store and its keys ({@code pgvault.store.*}), the same settings retention-service
 * reads for the store.
 */
@ConfigMapping(prefix = "pgvault.store")
public interface StoreConfig {

    /** Which store (env PGVAULT_STORE): {@code s3} (the default) or {@code fs} (one host, unencrypted). */
    @WithDefault("s3")
    Kind kind();

    /** Root directory of the {@code fs} store (env PGVAULT_STORE_ROOT); job-service reads it as pgvault.job.store-root. */
    Optional<String> root();

    /** The {@code s3} store ({@code pgvault.store.s3.*}). */
    S3 s3();

    /** The keys of the {@code s3} store ({@code pgvault.store.keys.*}). */
    Keys keys();

    /** The kinds of store. */
    enum Kind {
        S3, FS
    }

    /** Where the S3 store is and how to log in to it. */
    interface S3 {

        /** Endpoint URL (env PGVAULT_S3_ENDPOINT), e.g. {@code http://127.0.0.1:9000}; AWS's own when unset. */
        Optional<String> endpoint();

        /** Region (env PGVAULT_S3_REGION). */
        @WithDefault("us-east-1")
        String region();

        /** Bucket (env PGVAULT_S3_BUCKET); it must exist. */
        @WithDefault("pgvault")
        String bucket();

        /** Key prefix of every object (env PGVAULT_S3_PREFIX): {@code {prefix}/{instanceId}/{pointId}/...}. */
        Optional<String> prefix();

        /** Path-style access (env PGVAULT_S3_PATH_STYLE): true for MinIO, Ceph RGW and s3proxy. */
        @WithDefault("true")
        boolean pathStyle();

        /** Access key id (env PGVAULT_S3_ACCESS_KEY_ID); when unset, the AWS default credentials chain. */
        Optional<String> accessKeyId();

        /** Secret access key (env PGVAULT_S3_SECRET_ACCESS_KEY); only with the access key id. */
        Optional<String> secretAccessKey();

        /** A file holding the secret access key (env PGVAULT_S3_SECRET_ACCESS_KEY_FILE), read instead of the key. */
        Optional<String> secretAccessKeyFile();

        /**
         * Size of one multipart-upload part in MiB (5 to 512): an artifact being uploaded holds two (one filling,
         * one uploading), so a backup's heap does not grow with the database.
         */
        @WithDefault("8")
        int partSizeMib();
    }

    /** The master key that wraps every point's data key. */
    interface Keys {

        /** Tink JSON keyset of the master key (env PGVAULT_MASTER_KEYSET), 0600. */
        @WithDefault("./data/secrets/master.keyset.json")
        String masterKeysetFile();

        /** Whether a missing keyset file is created (tests only: a lost key must fail, not be replaced). */
        @WithDefault("false")
        boolean createIfMissing();
    }
}
