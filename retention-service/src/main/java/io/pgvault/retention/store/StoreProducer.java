package io.pgvault.retention.store;

import io.pgvault.retention.config.StoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The store {@code pgvault.store.kind} chooses: {@code s3} or {@code fs}. */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @ApplicationScoped
    RecoveryPointStore store(StoreConfig config, S3RecoveryPointStore s3, FileSystemRecoveryPointStore fs) {
        return config.kind() == StoreConfig.Kind.FS ? fs : s3;
    }
}
