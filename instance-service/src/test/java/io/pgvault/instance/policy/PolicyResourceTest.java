package io.pgvault.instance.policy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.pgvault.contracts.Topics;
import io.pgvault.instance.Api;
import io.pgvault.instance.AsAdmin;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@QuarkusTest
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
class PolicyResourceTest {

    private static final String POLICIES = "/api/v1/backup-policies";

    @Test
    void theNextRunsOfASchedulePreviewAsTypedWithoutStoringAnythingAndABadOneNamesItsField() {
        given().queryParam("schedule", "0 2 * * *").queryParam("timeZone", "Europe/Berlin").queryParam("count", 3)
                .when().get(POLICIES + "/next-runs")
                .then().statusCode(200)
                .body("timeZone", equalTo("Europe/Berlin"))
                .body("nextRuns.size()", equalTo(3))
                .body("nextRuns[0]", containsString("T01:00:00Z"));
        given().queryParam("schedule", "every night").when().get(POLICIES + "/next-runs")
                .then().statusCode(400).body("errors[0].field", equalTo("schedule"));
    }

    @Test
    void createdPolicyIsVersionOneWithItsRulesAndNextRun() {
        String name = Api.unique("daily");
        String location = given().contentType(ContentType.JSON)
                .body(Api.policyBody(name, "R/2026-01-01T02:00:00+01:00/P1D"))
                .when().post(POLICIES)
                .then().statusCode(201)
                .body("name", equalTo(name))
                .body("version", equalTo(1))
                .body("timeZone", equalTo("Europe/Berlin"))
                .body("defaultRetention", equalTo("P30D"))
                .body("taggedRules[0].tag", equalTo("WEEKLY"))
                .body("taggedRules[0].duration", equalTo("P12W"))
                .body("nextRunAfterNow", notNullValue())
                .extract().header("Location");

        given().when().get(location).then().statusCode(200).body("name", equalTo(name));
        given().when().get(POLICIES).then().statusCode(200).body("name", hasItem(name));
    }

    @Test
    void aPolicysVerifySettingIsKeptAndTravelsInTheBackupsPolicySnapshot() throws Exception {
        Map<String, Object> body = new HashMap<>(Api.policyBody(Api.unique("verified"), "R/2026-01-01T02:00:00Z/P1D"));
        body.put("verify", Map.of("every", "P7D", "target", "embedded"));
        String id = given().contentType(ContentType.JSON).body(body).when().post(POLICIES)
                .then().statusCode(201)
                .body("verify.every", equalTo("P7D"))
                .body("verify.target", equalTo("embedded"))
                .extract().path("id");
        // A policy without the setting says OFF.
        given().contentType(ContentType.JSON).body(Api.policyBody(Api.unique("unverified"), "R/2026-01-01T02:00:00Z/P1D"))
                .when().post(POLICIES).then().statusCode(201).body("verify.every", equalTo("OFF"));

        UUID instance = Api.protect(UUID.fromString(id));
        Api.post(instance, "backup", null).statusCode(202);
        var commands = KafkaProbe.awaitForInstance(Topics.INSTANCE_COMMANDS, instance, 1);
        var snapshot = new com.fasterxml.jackson.databind.ObjectMapper().readTree(commands.get(0).value()).get("policy");
        assertThat(snapshot.get("verify").get("every").asText()).isEqualTo("P7D");
        assertThat(snapshot.get("verify").get("target").asText()).isEqualTo("embedded");
    }

    @Test
    void aVerifySettingThatIsNeitherOffNorEveryBackupNorADurationIsNamed() {
        Map<String, Object> body = new HashMap<>(Api.policyBody(Api.unique("badverify"), "R/2026-01-01T02:00:00Z/P1D"));
        body.put("verify", Map.of("every", "weekly"));
        given().contentType(ContentType.JSON).body(body).when().post(POLICIES)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("verify.every"));
    }

    @Test
    void badFieldsAreAllNamedInOneProblem() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", Api.unique("bad"));
        body.put("schedule", "0 25 * * *");
        body.put("timeZone", "UTC");
        body.put("defaultRetention", "P11Y");
        body.put("taggedRules", List.of(Map.of("tag", "DAILY", "duration", "P1W"), Map.of("tag", "YEARLY", "duration", "1Y")));
        given().contentType(ContentType.JSON).body(body)
                .when().post(POLICIES)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("schedule", "defaultRetention", "taggedRules[0].tag", "taggedRules[1].duration"))
                .body("detail", containsString("hour '25'"))
                .body("detail", containsString("'P11Y' is longer than the maximum P10Y"))
                .body("detail", containsString("'1Y' is not an ISO-8601 duration"));
    }

    @Test
    void missingFieldsAndUnknownZoneAreNamed() {
        given().contentType(ContentType.JSON).body(Map.of("schedule", "@daily", "timeZone", "Mars/Olympus"))
                .when().post(POLICIES)
                .then().statusCode(400)
                .body("errors.field", hasItems("name", "defaultRetention"));
        given().contentType(ContentType.JSON)
                .body(Map.of("name", Api.unique("p"), "schedule", "@daily", "timeZone", "Mars/Olympus", "defaultRetention", "P1D"))
                .when().post(POLICIES)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("timeZone"))
                .body("detail", containsString("'Mars/Olympus'"));
    }

    @Test
    void scheduleMoreFrequentThanHourlyIsRefused() {
        given().contentType(ContentType.JSON).body(Api.policyBody(Api.unique("often"), "*/10 * * * *"))
                .when().post(POLICIES)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("schedule"))
                .body("detail", containsString("minimum interval PT1H"));
    }

    @Test
    void takenNameIsAConflict() {
        String name = Api.unique("weekly");
        Api.createPolicy(name, "0 3 * * SUN");
        given().contentType(ContentType.JSON).body(Api.policyBody(name.toUpperCase(), "0 3 * * SUN"))
                .when().post(POLICIES)
                .then().statusCode(409).body("existingId", notNullValue());
    }

    @Test
    void updateWritesANewVersionAndTellsEveryInstanceUsingIt() {
        UUID policy = Api.createPolicy();
        UUID instance = Api.protect(policy);
        String name = Api.unique("renamed");
        Map<String, Object> body = new HashMap<>(Api.policyBody(name, "0 4 * * *"));
        body.put("defaultRetention", "P60D");
        given().contentType(ContentType.JSON).body(body)
                .when().put(POLICIES + "/" + policy)
                .then().statusCode(200)
                .body("version", equalTo(2))
                .body("defaultRetention", equalTo("P60D"));

        given().when().get(POLICIES + "/" + policy + "/versions")
                .then().statusCode(200)
                .body("version", equalTo(List.of(1, 2)))
                .body("defaultRetention", equalTo(List.of("P30D", "P60D")));
        Api.get(instance).body("policy.version", equalTo(2)).body("policy.name", equalTo(name));

        var changed = KafkaProbe.await(Topics.INSTANCE_COMMANDS, 1, java.time.Duration.ofSeconds(20),
                r -> instance.toString().equals(r.key()) && "io.pgvault.PolicyChanged".equals(KafkaProbe.type(r)));
        assertThat(changed.get(0).value()).contains("\"policyVersion\":1").contains("\"policyVersion\":2")
                .contains("\"defaultRetention\":\"P60D\"");
    }

    @Test
    void thePolicyUpdateIsInTheActivityOfEachInstanceUnderTheEditorsName() {
        UUID policy = Api.createPolicy();
        UUID instance = Api.protect(policy);
        String editor = "erin-admin";
        given().auth().oauth2(TestTokens.forRoles(editor, Roles.ADMIN)).contentType(ContentType.JSON)
                .body(Api.policyBody(Api.unique("edited"), "0 4 * * *"))
                .when().put(POLICIES + "/" + policy)
                .then().statusCode(200);
        given().when().get("/api/v1/backup-instances/" + instance + "/activity")
                .then().statusCode(200)
                .body("action", equalTo(List.of("POLICY_UPDATED", "PROTECT")))
                .body("actor", equalTo(List.of(editor, AsAdmin.SUBJECT)));
    }

    @Test
    void aReaderReadsPoliciesButOnlyAnAdminChangesThem() {
        UUID policy = Api.createPolicy();
        UUID instance = Api.protect(policy);
        for (String role : List.of(Roles.READER, Roles.OPERATOR)) {
            String token = TestTokens.forRoles("someone-" + role, role);
            given().auth().oauth2(token).when().get(POLICIES).then().statusCode(200);
            given().auth().oauth2(token).when().get(POLICIES + "/" + policy).then().statusCode(200);
            given().auth().oauth2(token).when().get(POLICIES + "/" + policy + "/versions").then().statusCode(200);
            refused(given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Api.policyBody(Api.unique("mine"), "0 4 * * *")).when().post(POLICIES).then());
            refused(given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Api.policyBody(Api.unique("theirs"), "0 5 * * *")).when().put(POLICIES + "/" + policy).then());
            refused(given().auth().oauth2(token).when().delete(POLICIES + "/" + Api.createPolicy()).then());
        }
        given().when().get(POLICIES + "/" + policy + "/versions").then().statusCode(200).body("version", equalTo(List.of(1)));
        given().when().get("/api/v1/backup-instances/" + instance + "/activity")
                .then().statusCode(200).body("action", equalTo(List.of("PROTECT")));
        assertThat(KafkaProbe.readAll(Topics.INSTANCE_COMMANDS, instance)).isEmpty();
    }

    private static void refused(ValidatableResponse answer) {
        answer.statusCode(403).contentType("application/problem+json")
                .body("requiredRoles", equalTo(List.of(Roles.ADMIN)));
    }

    @Test
    void deletingAPolicyInUseIsRefusedNamingTheInstances() {
        UUID policy = Api.createPolicy();
        String name = Api.unique("billing-db");
        Api.protect(name, policy);
        given().when().delete(POLICIES + "/" + policy)
                .then().statusCode(409)
                .body("detail", containsString(name))
                .body("instances[0].name", equalTo(name));
        given().when().get(POLICIES + "/" + policy).then().statusCode(200);
    }

    @Test
    void unusedPolicyIsDeleted() {
        UUID policy = Api.createPolicy();
        given().when().delete(POLICIES + "/" + policy).then().statusCode(204);
        given().when().get(POLICIES + "/" + policy).then().statusCode(404).contentType("application/problem+json");
    }
}
