package io.pgvault.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.pgvault.testinfra.auth.TestTokens;
import io.pgvault.testinfra.hostile.HostileInputSweep;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input sweep over every operation of job-service, as a backup-admin: no answer is 5xx, every
 * 4xx is problem+json, and no refused request changes a row. The jobs it reads and tries to cancel are a
 * finished one (cancel answers 409) and unknown ids.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
class HostileInputTest {

    @Test
    void hostileRequestsAreRefusedWithProblemsAndChangeNothing() throws Exception {
        UUID finished = UUID.randomUUID();
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement insert = c.prepareStatement("insert into job (id, instance_id, instance_name,"
                        + " operation, trigger, status, request, created_at, started_at, finished_at, bytes_done)"
                        + " values (?, ?, 'orders', 'BACKUP', 'SCHEDULED', 'COMPLETED', '{}', ?, ?, ?, 1024)")) {
            Instant at = Instant.now().minusSeconds(60);
            insert.setObject(1, finished);
            insert.setObject(2, UUID.randomUUID());
            insert.setTimestamp(3, Timestamp.from(at));
            insert.setTimestamp(4, Timestamp.from(at.plusSeconds(1)));
            insert.setTimestamp(5, Timestamp.from(at.plusSeconds(2)));
            insert.executeUpdate();
        }
        // jobs other tests left running change rows (heartbeats) by themselves: the sweep starts once none runs
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(HostileInputTest::noJobRuns);

        HostileInputSweep.Report report = HostileInputSweep.create()
                .token(TestTokens.forRoles(SignedInAsAdmin.SUBJECT, Roles.ADMIN))
                .database(TestInfra.jdbcUrl("pgvault_job"), TestInfra.pgUser(), TestInfra.pgPassword())
                .pathValues("GET /api/v1/jobs/{id}", Map.of("id", finished.toString()))
                .pathValues("POST /api/v1/jobs/{id}/cancel", Map.of("id", finished.toString()))
                .run();

        assertThat(report.requests()).isGreaterThanOrEqualTo(500);
        assertThat(report.serverErrors()).isZero();
        assertThat(report.rowsChanged()).isZero();
    }

    private static boolean noJobRuns() throws Exception {
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement count = c.prepareStatement(
                        "select count(*) from job where status in ('QUEUED', 'IN_PROGRESS')");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }
}
