package io.pgvault.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.instance.retention.RetentionServiceMock;
import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.TestTokens;
import io.pgvault.testinfra.hostile.HostileInputSweep;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hostile-input sweep over every operation of instance-service, as a backup-admin who is also a
 * backup-approver (so the pending-operations endpoints are swept past their role check): no answer is 5xx,
 * every 4xx is problem+json, and no refused request changes a row. Each action gets an instance of its
 * own, so one accepted request (a stop, a delete) leaves the others' checks reachable.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
@QuarkusTestResource(RetentionServiceMock.class)
@ExtendWith(AsAdmin.class)
class HostileInputTest {

    private static final String INSTANCES = "/api/v1/backup-instances";

    @Test
    void hostileRequestsAreRefusedWithProblemsAndChangeNothing() {
        UUID policy = Api.createPolicy();
        String name = Api.unique("hostile");
        UUID deleted = Api.protect(name, policy);
        UUID user = UUID.fromString(io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("username", Api.unique("hostile"), "password", "a-long-enough-password",
                        "roles", java.util.List.of(Roles.READER)))
                .post("/api/v1/users").then().statusCode(201).extract().path("id"));

        HostileInputSweep sweep = HostileInputSweep.create()
                .token(TestTokens.forRoles(AsAdmin.SUBJECT, Roles.ADMIN, Roles.APPROVER))
                .database(TestInfra.jdbcUrl("pgvault_instance"), TestInfra.pgUser(), TestInfra.pgPassword())
                .example("POST /api/v1/backup-policies", json(Api.policyBody(Api.unique("p"), "R/2026-01-01T02:00:00Z/P1D")))
                .example("PUT /api/v1/backup-policies/{id}", json(Api.policyBody(Api.unique("p"), "0 3 * * *")))
                .pathValues("/api/v1/backup-policies/{id}", Map.of("id", Api.createPolicy().toString()))
                .pathValues("/api/v1/backup-policies/{id}/versions", Map.of("id", policy.toString()))
                .example("POST " + INSTANCES, json(Api.protectBody(Api.unique("h"), policy)))
                .example("POST /api/v1/users", "{\"username\":\"h-user\",\"password\":\"a-long-enough-password\","
                        + "\"roles\":[\"backup-reader\"]}")
                .example("POST /api/v1/users/{id}/reset-password", "{\"password\":\"another-long-password\"}")
                .example("POST /api/v1/auth/token", "{\"username\":\"nobody\",\"password\":\"wrong-password\"}")
                .example("POST " + INSTANCES + "/{id}/change-policy", "{\"policyId\":\"" + policy + "\"}")
                .example("POST " + INSTANCES + "/{id}/restore", "{\"recoveryPointId\":\"" + UUID.randomUUID()
                        + "\",\"target\":{\"type\":\"DATABASE\",\"host\":\"db1.internal\",\"port\":5432,"
                        + "\"username\":\"restorer\",\"database\":\"orders_copy\",\"includeGlobals\":false,"
                        + "\"sslMode\":\"require\"}}")
                .example("POST " + INSTANCES + "/{id}/stop-protection",
                        "{\"mode\":\"RETAIN_FOREVER\",\"reason\":\"COST\",\"comments\":\"budget\",\"confirmName\":\"x\"}")
                .example("POST " + INSTANCES + "/{id}/resume-protection", "{\"comments\":\"back\"}")
                .example("DELETE " + INSTANCES + "/{id}",
                        "{\"confirmName\":\"" + name + "\",\"reason\":\"COST\",\"comments\":\"gone\"}")
                .pathValues("DELETE " + INSTANCES + "/{id}", Map.of("id", deleted.toString()));
        for (String action : java.util.List.of("get", "activity", "change-policy", "backup", "restore",
                "stop-protection", "resume-protection")) {
            String operation = action.equals("get") ? "GET " + INSTANCES + "/{id}"
                    : (action.equals("activity") ? "GET " : "POST ") + INSTANCES + "/{id}/" + action;
            sweep.pathValues(operation, Map.of("id", Api.protect(policy).toString()));
        }
        for (String action : java.util.List.of("disable", "enable", "reset-password")) {
            sweep.pathValues("POST /api/v1/users/{id}/" + action, Map.of("id", user.toString()));
        }
        sweep.pathValues("GET /api/v1/users/{id}", Map.of("id", user.toString()));

        HostileInputSweep.Report report = sweep.run();

        assertThat(report.requests()).isGreaterThanOrEqualTo(500);
        assertThat(report.serverErrors()).isZero();
        assertThat(report.rowsChanged()).isZero();
    }

    private static String json(Object body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
