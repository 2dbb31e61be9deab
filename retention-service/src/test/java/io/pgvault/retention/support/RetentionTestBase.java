package io.pgvault.retention.support;

import io.pgvault.retention.store.RecoveryPointStore;
import io.pgvault.retention.sweep.RetentionSweep;
import io.pgvault.retention.sweep.SweepReport;
import io.pgvault.testinfra.MutableClock;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** What every retention @QuarkusTest uses: the clock, the store, the sweep. */
public abstract class RetentionTestBase {

    protected static final MutableClock CLOCK = TestClock.CLOCK;

    @Inject
    protected RecoveryPointStore store;

    @Inject
    protected RetentionSweep sweep;

    protected SweepReport sweep() {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> sweep.run());
        } catch (Throwable e) {
            throw new AssertionError("sweep failed: " + e.getMessage(), e);
        }
    }

    /** One sweep batch in its own transaction on its own Vert.x context. */
    protected int deleteBatch(int size) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> sweep.deleteBatch(size));
        } catch (Throwable e) {
            throw new AssertionError("sweep batch failed: " + e.getMessage(), e);
        }
    }

    protected Path root() {
        return store.root();
    }

    protected boolean filesExist(UUID instanceId, UUID pointId) {
        return Files.exists(store.directoryOf(instanceId, pointId).resolve("db-1.dump"));
    }
}
