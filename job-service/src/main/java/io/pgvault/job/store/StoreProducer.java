package io.pgvault.job.store;

import io.pgvault.job.config.StoreConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The store {@code pgvault.store.kind} chooses: {@code s3} (encrypted) or {@code fs} (one host). */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @ApplicationScoped
    RecoveryPointStore store(StoreConfig config, S3RecoveryPointStore s3, FileSystemRecoveryPointStore fs) {
        if (config.kind() == StoreConfig.Kind.FS) {
            Log.info("recovery-point store: filesystem (unencrypted, this host only)");
            return fs;
        }
        Log.infof("recovery-point store: S3 bucket %s, encrypted", s3.bucket());
        return s3;
    }
}
