package io.pgvault.retention.recoverypoint;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.pgvault.contracts.common.VerificationEvidence;
import io.pgvault.contracts.common.VerificationEvidence.Outcome;
import io.pgvault.contracts.common.VerificationEvidence.TableCheck;
import io.pgvault.contracts.job.VerificationCompleted;
import io.pgvault.retention.support.Backups;
import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.testinfra.TestInfra;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** job-service's VerificationCompleted leaves its evidence on the point: in the point view and its explanation. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class VerificationEvidenceTest extends RetentionTestBase {

    private static VerificationCompleted completed(UUID instance, UUID point, Outcome outcome, Instant finishedAt,
            long restoredRows, List<String> mismatches) {
        UUID job = UUID.randomUUID();
        return new VerificationCompleted(UUID.randomUUID(), instance, finishedAt, point, new VerificationEvidence(outcome,
                job, finishedAt.minusSeconds(4), finishedAt, 4000, "127.0.0.1:5432",
                List.of(new TableCheck("app", "public", "orders", 3000, restoredRows, outcome == Outcome.VERIFIED)),
                mismatches, List.of()));
    }

    @Test
    void theLatestVerificationIsShownOnThePointAndInItsExplanation() {
        UUID instance = UUID.randomUUID();
        Instant at = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        UUID point = Backups.backup(root(), instance, at, Backups.daily());
        given().get("/api/v1/recovery-points/{id}", point).then().statusCode(200)
                .body("verification", nullValue())
                .body("explanation.verification", nullValue());

        VerificationCompleted verified = completed(instance, point, Outcome.VERIFIED, at.plusSeconds(60), 3000, List.of());
        Backups.send(verified);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/recovery-points/{id}", point)
                .then().statusCode(200)
                .body("verification.outcome", equalTo("VERIFIED"))
                .body("verification.jobId", equalTo(verified.evidence().jobId().toString()))
                .body("verification.tables.name", contains("orders"))
                .body("verification.tables.restoredRows", contains(3000))
                .body("explanation.verification", containsString("Verified at " + at.plusSeconds(60) + " by job "
                        + verified.evidence().jobId()))
                .body("explanation.verification", containsString("all 1 tables (3000 rows)")));

        // A later failed verification replaces it; the older one, redelivered or late, never comes back.
        VerificationCompleted failed = completed(instance, point, Outcome.FAILED, at.plusSeconds(120), 2999,
                List.of("database app: table public.orders has 2999 rows restored; the backup recorded 3000"));
        Backups.send(failed);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/api/v1/recovery-points/{id}", point)
                .then().body("verification.outcome", equalTo("FAILED"))
                .body("explanation.verification", containsString("Verification FAILED"))
                .body("explanation.verification", containsString("table public.orders has 2999 rows restored")));
        VerificationCompleted late = completed(instance, point, Outcome.VERIFIED, at.plusSeconds(90), 3000, List.of());
        Backups.send(late);
        await().atMost(Duration.ofSeconds(20)).until(() -> processed(late.eventId()));
        given().get("/api/v1/recovery-points/{id}", point).then()
                .body("verification.outcome", equalTo("FAILED"))
                .body("verification.jobId", equalTo(failed.evidence().jobId().toString()));
    }

    /** Whether retention-service's inbox has processed the event. */
    private static boolean processed(UUID eventId) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl("pgvault_retention"), TestInfra.pgUser(),
                TestInfra.pgPassword());
                PreparedStatement select = c.prepareStatement("select count(*) from processed_message where event_id = ?")) {
            select.setObject(1, eventId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }
}
