package io.pgvault.retention.support;

import io.pgvault.platform.security.Roles;
import io.pgvault.retention.store.FileSystemRecoveryPointStore;
import io.pgvault.retention.sweep.RetentionSweep;
import io.pgvault.retention.sweep.SweepReport;
import io.pgvault.testinfra.MutableClock;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every retention @QuarkusTest uses: the clock, the store, the sweep, and a bearer token. Each
 * request carries an admin's token unless it sends its own ({@code given().auth().oauth2(...)}), e.g.
 * {@link #serviceToken()} for the holds endpoints.
 */
public abstract class RetentionTestBase {

    protected static final MutableClock CLOCK = TestClock.CLOCK;

    /** The subject of the default token. */
    protected static final String ADMIN = "test-admin";
    /** The subject of {@link #serviceToken()}, as job-service's client id. */
    protected static final String JOB_SERVICE = "job-service";

    @Inject
    protected FileSystemRecoveryPointStore store;

    @Inject
    protected RetentionSweep sweep;

    @BeforeEach
    void signInAsAdmin() {
        RestAssured.authentication = RestAssured.oauth2(TestTokens.forRoles(ADMIN, Roles.ADMIN));
    }

    @AfterEach
    void signOut() {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
    }

    /** A token of job-service's service identity, which takes, renews and releases restore holds. */
    protected static String serviceToken() {
        return TestTokens.forRoles(JOB_SERVICE, Roles.SERVICE);
    }

    /** A request as job-service's service identity. */
    protected static RequestSpecification asService() {
        return RestAssured.given().auth().oauth2(serviceToken());
    }

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
