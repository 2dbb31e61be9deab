package io.pgvault.instance;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.instance.retention.RetentionServiceMock;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bounds of the API, each refused with a 400 (413 for the body) problem+json naming what is wrong,
 * and nothing written: bad UUIDs, enums and numbers in path and query, NUL in query and body, lists and
 * names over their limits, instants and durations beyond any calendar, bodies too big or too deep.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
@QuarkusTestResource(RetentionServiceMock.class)
@ExtendWith(AsAdmin.class)
class InputLimitsTest {

    private static final String INSTANCES = "/api/v1/backup-instances";
    private static final String PROBLEM = "application/problem+json";

    @Test
    void aBadUuidInThePathIsA400NamingTheParameterNotA404() {
        given().get(INSTANCES + "/not-a-uuid").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("id"));
        given().post(INSTANCES + "/1-2-3-4-5/backup").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("id"));
    }

    @Test
    void badQueryParametersAre400sNamingThem() {
        given().get(INSTANCES + "?state=NOT_A_STATE").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("state"));
        given().get(INSTANCES + "?policyId=nope").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("policyId"));
        given().get(INSTANCES + "?size=201").then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("size"));
        given().get(INSTANCES + "?page=2147483648").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("not of its type"));
        given().get(INSTANCES + "?nameContains=" + "x".repeat(101)).then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("nameContains"));
    }

    @Test
    void aNulInThePathOrQueryIsA400NamingWhere() {
        given().urlEncodingEnabled(false).get(INSTANCES + "?nameContains=a%00b").then().statusCode(400)
                .contentType(PROBLEM).body("errors[0].field", equalTo("nameContains"));
        given().urlEncodingEnabled(false).get(INSTANCES + "/" + UUID.randomUUID() + "%00").then().statusCode(400)
                .contentType(PROBLEM).body("errors[0].field", equalTo("path"));
    }

    @Test
    void aNulInABodyStringIsA400NamingTheFieldAndWritesNothing() {
        String name = Api.unique("nul");
        Map<String, Object> body = new HashMap<>(Api.protectBody(name + "\u0000", Api.createPolicy()));
        given().contentType(ContentType.JSON).body(body).post(INSTANCES).then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("name"));
        given().get(INSTANCES + "?nameContains=" + name).then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void listsAndNamesOverTheirLimitsAreRefusedNamingTheField() {
        UUID policy = Api.createPolicy();
        List<String> databases = new ArrayList<>();
        for (int i = 0; i <= 500; i++) {
            databases.add("db" + i);
        }
        given().contentType(ContentType.JSON).body(protect(policy, databases)).post(INSTANCES).then().statusCode(400)
                .contentType(PROBLEM).body("errors.field", hasItem("datasource.databases"));
        // 32 characters but 64 bytes: more than PostgreSQL keeps of a name
        given().contentType(ContentType.JSON).body(protect(policy, List.of("é".repeat(32)))).post(INSTANCES).then()
                .statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("datasource.databases[0]"));
        given().contentType(ContentType.JSON).body(protect(policy, List.of("é".repeat(31) + "a"))).post(INSTANCES)
                .then().statusCode(201);
    }

    @Test
    void durationsAndInstantsBeyondTheCalendarAre400sNamingTheField() {
        Map<String, Object> policy = new HashMap<>(Api.policyBody(Api.unique("huge"), "R/2026-01-01T02:00:00Z/P1D"));
        policy.put("defaultRetention", "P999999999Y");
        given().contentType(ContentType.JSON).body(policy).post("/api/v1/backup-policies").then().statusCode(400)
                .contentType(PROBLEM).body("errors[0].field", equalTo("defaultRetention"))
                .body("errors[0].message", containsString("longer than the maximum P10Y"));
        policy.put("defaultRetention", "P30D");
        policy.put("schedule", "R/+300000-01-01T00:00:00Z/P1D");
        given().contentType(ContentType.JSON).body(policy).post("/api/v1/backup-policies").then().statusCode(400)
                .contentType(PROBLEM).body("errors[0].field", equalTo("schedule"));
        policy.put("schedule", "R/2026-01-01T00:00:00Z/P999999999Y");
        given().contentType(ContentType.JSON).body(policy).post("/api/v1/backup-policies").then().statusCode(400)
                .contentType(PROBLEM).body("errors[0].field", equalTo("schedule"));
    }

    @Test
    void aBodyOverTheLimitIsA413ProblemAndADeepOneA400() {
        given().contentType(ContentType.JSON).body("{\"name\":\"" + "x".repeat(300 * 1024) + "\"}").post(INSTANCES)
                .then().statusCode(413).contentType(PROBLEM).body("status", equalTo(413));
        given().contentType(ContentType.JSON).body("{\"extra\":" + "[".repeat(100) + "]".repeat(100) + "}").post(INSTANCES)
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("nesting depth"));
    }

    @Test
    void anIdempotencyKeyWithControlsOrSpacesIsA400NamingTheHeader() {
        UUID instance = Api.protect(Api.createPolicy());
        given().header("Idempotency-Key", "a b").post(INSTANCES + "/" + instance + "/backup").then().statusCode(400)
                .contentType(PROBLEM).body("errors[0].field", equalTo("Idempotency-Key"));
    }

    private static Map<String, Object> protect(UUID policy, List<String> databases) {
        return Map.of("name", Api.unique("limits"), "policyId", policy.toString(), "datasource",
                Map.of("host", "db1.internal", "port", 5432, "username", "backup", "databases", databases));
    }
}
