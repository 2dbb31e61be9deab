package io.pgvault.retention.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.platform.security.Roles;
import io.pgvault.retention.support.Backups;
import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.TestTokens;
import io.pgvault.testinfra.hostile.HostileInputSweep;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input sweep over every operation of retention-service: no answer is 5xx, every 4xx is
 * problem+json, and no refused request changes a row. Its token holds backup-admin and pgvault-service, so
 * the holds endpoints (service only) are swept past their role check too. Each action has a live point of
 * its own.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class HostileInputTest extends RetentionTestBase {

    private static final String POINT = "/api/v1/recovery-points/{id}";

    @Test
    void hostileRequestsAreRefusedWithProblemsAndChangeNothing() {
        UUID instance = UUID.randomUUID();
        HostileInputSweep sweep = HostileInputSweep.create()
                .token(TestTokens.forRoles(ADMIN, Roles.ADMIN, Roles.SERVICE))
                .database(TestInfra.jdbcUrl("pgvault_retention"), TestInfra.pgUser(), TestInfra.pgPassword())
                .pathValues("GET /api/v1/backup-instances/{instanceId}/recovery-points",
                        Map.of("instanceId", instance.toString()))
                .example("POST " + POINT + "/extend", "{\"expiresAt\":\"2099-01-01T00:00:00Z\"}")
                .example("POST " + POINT + "/holds", "{\"kind\":\"RESTORE\",\"owner\":\"job-1\",\"instanceId\":\""
                        + instance + "\",\"leaseSeconds\":60,\"onBehalfOf\":\"alice\"}");
        for (String operation : new String[] {"GET " + POINT, "GET " + POINT + "/restore-check", "POST " + POINT + "/pin",
                "DELETE " + POINT + "/pin", "POST " + POINT + "/unpin", "POST " + POINT + "/extend",
                "POST " + POINT + "/undelete", "POST " + POINT + "/holds", "POST " + POINT + "/holds/{holdId}/renew",
                "DELETE " + POINT + "/holds/{holdId}"}) {
            UUID point = Backups.backup(root(), instance, CLOCK.instant().truncatedTo(ChronoUnit.SECONDS), Backups.daily());
            sweep.pathValues(operation, Map.of("id", point.toString()));
        }

        HostileInputSweep.Report report = sweep.run();

        assertThat(report.requests()).isGreaterThanOrEqualTo(500);
        assertThat(report.serverErrors()).isZero();
        assertThat(report.rowsChanged()).isZero();
    }
}
