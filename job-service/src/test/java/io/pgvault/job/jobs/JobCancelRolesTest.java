package io.pgvault.job.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.pgvault.job.SourceDatabases;
import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Cancelling a job needs backup-operator: a reader sees the job but cannot stop it. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
class JobCancelRolesTest {

    /** A restore another job-service runs (fresh heartbeat, so the reaper leaves it alone for now). */
    private static UUID runningJob() throws Exception {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement insert = c.prepareStatement("insert into job (id, instance_id, instance_name,"
                        + " operation, trigger, status, request, created_at, started_at, heartbeat_at, requested_by)"
                        + " values (?, ?, 'orders', 'RESTORE', 'ON_DEMAND', 'IN_PROGRESS', '{}', ?, ?, ?, 'alice')")) {
            insert.setObject(1, id);
            insert.setObject(2, UUID.randomUUID());
            insert.setTimestamp(3, Timestamp.from(now));
            insert.setTimestamp(4, Timestamp.from(now));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.executeUpdate();
        }
        return id;
    }

    @Test
    void anOperatorCancelsAJobAndAReaderCannot() throws Exception {
        UUID job = runningJob();
        String reader = TestTokens.forRoles("rita", Roles.READER);

        given().auth().oauth2(reader).post("/api/v1/jobs/" + job + "/cancel").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("requiredRoles", contains(Roles.OPERATOR))
                .body("detail", containsString(Roles.OPERATOR));
        given().auth().oauth2(reader).get("/api/v1/jobs/" + job).then()
                .statusCode(200)
                .body("status", equalTo("IN_PROGRESS"))
                .body("error", nullValue())
                .body("requestedBy", equalTo("alice"));

        given().auth().oauth2(TestTokens.forRoles("otto", Roles.OPERATOR)).post("/api/v1/jobs/" + job + "/cancel").then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("requestedBy", equalTo("alice"));
        given().auth().oauth2(reader).get("/api/v1/jobs/" + job).then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("error.code", equalTo("CANCELLED"));
    }
}
