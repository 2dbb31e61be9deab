package io.pgvault.instance;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;

/** What the module's REST tests do over and over, through the public API. */
public final class Api {

    private Api() {}

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, Object> policyBody(String name, String schedule) {
        return Map.of("name", name, "schedule", schedule, "timeZone", "Europe/Berlin", "defaultRetention", "P30D",
                "taggedRules", java.util.List.of(Map.of("tag", "WEEKLY", "duration", "P12W")));
    }

    /** Creates a daily policy; answers its id. */
    public static UUID createPolicy() {
        return createPolicy(unique("daily"), "R/2026-01-01T02:00:00Z/P1D");
    }

    public static UUID createPolicy(String name, String schedule) {
        String id = given().contentType(ContentType.JSON).body(policyBody(name, schedule))
                .when().post("/api/v1/backup-policies")
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    public static Map<String, Object> protectBody(String name, UUID policyId) {
        return Map.of("name", name, "policyId", policyId.toString(), "datasource",
                Map.of("host", "db1.internal", "port", 5432, "username", "backup", "databases", java.util.List.of("orders")));
    }

    /** Protects a server with a new instance; answers its id. */
    public static UUID protect(UUID policyId) {
        return protect(unique("orders-db"), policyId);
    }

    public static UUID protect(String name, UUID policyId) {
        String id = given().contentType(ContentType.JSON).body(protectBody(name, policyId))
                .when().post("/api/v1/backup-instances")
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    public static ValidatableResponse post(UUID instanceId, String action, Object body) {
        var request = given().contentType(ContentType.JSON);
        if (body != null) {
            request = request.body(body);
        }
        return request.when().post("/api/v1/backup-instances/" + instanceId + "/" + action).then();
    }

    public static ValidatableResponse get(UUID instanceId) {
        return given().when().get("/api/v1/backup-instances/" + instanceId).then();
    }

    public static ValidatableResponse stop(UUID instanceId, String mode) {
        return post(instanceId, "stop-protection", Map.of("mode", mode, "reason", "COST", "comments", "budget cut"));
    }
}
