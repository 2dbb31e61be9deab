package io.pgvault.testinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Puts a service under {@code @QuarkusTest} on the S3 store: the JVM's test S3 server (s3proxy, started
 * once per JVM on a random port, real credentials, bucket created). Use it next to
 * {@link PgVaultTestResource}, e.g. from a test profile's {@code testResources()}.
 */
public class S3TestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return TestInfra.s3StoreConfig();
    }

    @Override
    public void stop() {
        // The server outlives one Quarkus application: it stops with the JVM.
    }
}
