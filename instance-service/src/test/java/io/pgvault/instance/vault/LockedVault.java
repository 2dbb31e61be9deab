package io.pgvault.instance.vault;

import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.instance.retention.RetentionServiceMock;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * instance-service restarted on a database whose vault an earlier life of the service locked, with config that
 * asks for DISABLED and no multi-user authorization: its own database, so the lock touches no other test.
 */
public class LockedVault implements QuarkusTestProfile {

    static final String DATABASE = "pgvault_instance_locked";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("pgvault.instance.vault.immutability", "DISABLED",
                "pgvault.instance.vault.multi-user-authorization", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(LockedEarlier.class),
                new TestResourceEntry(PgVaultTestResource.class, Map.of("database", DATABASE)),
                new TestResourceEntry(AuthTestResource.class, Map.of("jwks-url", Identity.OWN_JWKS)),
                new TestResourceEntry(IdentityTestResource.class),
                new TestResourceEntry(RetentionServiceMock.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    /** The earlier life: the schema as the service's migrations make it, and the vault locked through it. */
    public static class LockedEarlier implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            TestInfra.ensureStarted();
            PgVaultTestResource.createDatabaseIfMissing(DATABASE);
            String url = TestInfra.jdbcUrl(DATABASE);
            Flyway.configure().dataSource(url, TestInfra.pgUser(), TestInfra.pgPassword())
                    .locations("classpath:db/platform", "classpath:db/migration").load().migrate();
            try (Connection c = DriverManager.getConnection(url, TestInfra.pgUser(), TestInfra.pgPassword());
                    Statement s = c.createStatement()) {
                s.executeUpdate("update vault_settings set immutability = 'LOCKED', locked_at = now(),"
                        + " min_retention = 'P7D', max_retention = 'P1Y', floor = 1, changed_by = 'an-earlier-admin'"
                        + " where immutability <> 'LOCKED'");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return Map.of();
        }

        @Override
        public void stop() {
        }
    }
}
