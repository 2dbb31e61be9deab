package io.pgvault.instance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pgvault.instance.retention.RecoveryPointsFake;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The seed's instance-service steps in order, as a user would run them with curl. Each step asserts its
 * status; the requests and the real answers are written to target/seed-walkthrough.md, the source of the
 * examples in API.md (so the documentation shows what the code answers).
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
class SeedWalkthroughTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final StringBuilder doc = new StringBuilder();

    private Response step(String title, String method, String path, Object body, String idempotencyKey, int status)
            throws Exception {
        RequestSpecification request = given();
        StringBuilder curl = new StringBuilder("curl -s -X " + method + " 'localhost:8081" + path + "'");
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
            curl.append(" \\\n  -H 'Idempotency-Key: ").append(idempotencyKey).append("'");
        }
        if (body != null) {
            request = request.contentType("application/json").body(body);
            curl.append(" \\\n  -H 'Content-Type: application/json' -d '")
                    .append(new ObjectMapper().writeValueAsString(body)).append("'");
        }
        Response response = request.when().request(method, path);
        doc.append("### ").append(title).append("\n\n```sh\n").append(curl).append("\n```\n\n```http\nHTTP/1.1 ")
                .append(response.statusCode()).append("\n");
        if (response.header("Location") != null) {
            // the test runs on a random port; the documentation shows the service's own
            doc.append("Location: ").append(response.header("Location").replaceFirst("^http://localhost:\\d+", "http://localhost:8081"))
                    .append("\n");
        }
        String text = response.asString();
        if (!text.isEmpty()) {
            doc.append("Content-Type: ").append(response.contentType()).append("\n\n")
                    .append(JSON.writeValueAsString(JSON.readTree(text)));
        }
        doc.append("\n```\n\n");
        assertThat(response.statusCode()).as(title + ": " + text).isEqualTo(status);
        return response;
    }

    @Test
    void theSeedStepsAnswerAsDocumented() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 4);
        String policyName = "daily-" + suffix;
        String instanceName = "orders-db-" + suffix;
        Map<String, Object> policy = Map.of("name", policyName, "schedule", "R/2026-01-01T02:00:00Z/P1D",
                "timeZone", "Europe/Berlin", "defaultRetention", "P30D",
                "taggedRules", List.of(Map.of("tag", "WEEKLY", "duration", "P12W"), Map.of("tag", "MONTHLY", "duration", "P12M"),
                        Map.of("tag", "YEARLY", "duration", "P10Y")));
        String policyId = step("Define a backup policy", "POST", "/api/v1/backup-policies", policy, null, 201).path("id");
        step("A bad policy: every field named", "POST", "/api/v1/backup-policies",
                Map.of("name", "often", "schedule", "*/10 * * * *", "defaultRetention", "P11Y"), null, 400);
        step("List policies", "GET", "/api/v1/backup-policies", null, null, 200);
        Map<String, Object> edited = new java.util.HashMap<>(policy);
        edited.put("schedule", "30 1 * * *");
        step("Edit a policy: a new version", "PUT", "/api/v1/backup-policies/" + policyId, edited, null, 200);
        step("A policy's versions", "GET", "/api/v1/backup-policies/" + policyId + "/versions", null, null, 200);

        Map<String, Object> protect = Map.of("name", instanceName, "policyId", policyId, "datasource",
                Map.of("host", "db1.internal", "port", 5432, "username", "backup", "databases", List.of("orders", "billing"),
                        "sslMode", "prefer"));
        String id = step("Protect a server", "POST", "/api/v1/backup-instances", protect, "protect-" + suffix, 201).path("id");
        String path = "/api/v1/backup-instances/" + id;
        step("Protected items, filtered and paged", "GET",
                "/api/v1/backup-instances?state=PROTECTION_CONFIGURED&nameContains=orders&page=0&size=20", null, null, 200);
        step("One protected item", "GET", path, null, null, 200);
        step("Backup now", "POST", path + "/backup", null, "backup-" + suffix, 202);
        step("Backup now again while the first is queued", "POST", path + "/backup", null, null, 409);
        String point = RecoveryPointsFake.put(UUID.fromString(id), "LIVE").toString();
        step("Restore a recovery point as files", "POST", path + "/restore",
                Map.of("recoveryPointId", point, "target", Map.of("type", "FILES", "directory", "orders-restore")), null, 202);
        step("Restore into a new database", "POST", path + "/restore", Map.of("recoveryPointId", point, "target",
                Map.of("type", "DATABASE", "host", "db2.internal", "port", 5432, "username", "restorer", "database",
                        "orders_restored", "includeGlobals", false)), null, 202);
        step("Restore an unknown recovery point", "POST", path + "/restore", Map.of("recoveryPointId",
                "00000000-0000-0000-0000-000000000001", "target", Map.of("type", "FILES", "directory", "x")), null, 404);
        String weekly = given().contentType("application/json").body(Map.of("name", "weekly-" + suffix,
                        "schedule", "0 3 * * SUN", "timeZone", "Europe/Berlin", "defaultRetention", "P12W"))
                .post("/api/v1/backup-policies").then().statusCode(201).extract().path("id");
        step("Change policy", "POST", path + "/change-policy", Map.of("policyId", weekly), null, 200);
        step("Stop protection, retaining points as per policy", "POST", path + "/stop-protection",
                Map.of("mode", "RETAIN_AS_PER_POLICY", "reason", "COST", "comments", "paused until Q3"), null, 200);
        step("Backup now while stopped", "POST", path + "/backup", null, null, 409);
        step("Resume protection", "POST", path + "/resume-protection", null, null, 200);
        step("Delete a policy in use", "DELETE", "/api/v1/backup-policies/" + weekly, null, null, 409);
        step("Delete the backup instance", "DELETE", path,
                Map.of("confirmName", instanceName, "reason", "DECOMMISSIONED", "comments", "server retired"), null, 202);
        step("Activity log", "GET", path + "/activity", null, null, 200);

        Path out = Path.of("target", "seed-walkthrough.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, doc.toString());
    }
}
