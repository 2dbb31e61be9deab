package io.pgvault.instance.protection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.contracts.instance.PolicyChanged;
import io.pgvault.contracts.instance.ProtectionResumed;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.instance.Api;
import io.pgvault.instance.AsAdmin;
import io.pgvault.instance.Commands;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.instance.retention.RetentionServiceMock;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
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
@QuarkusTestResource(RetentionServiceMock.class)
class InstanceResourceTest {

    private static final String INSTANCES = "/api/v1/backup-instances";

    @Test
    void protectAnswersTheInstanceWithItsPolicyAndNextBackup() {
        UUID policy = Api.createPolicy();
        String name = Api.unique("orders-db");
        String location = given().contentType(ContentType.JSON).body(Api.protectBody(name, policy))
                .when().post(INSTANCES)
                .then().statusCode(201)
                .body("state", equalTo("PROTECTION_CONFIGURED"))
                .body("nextBackupAt", containsString("T02:00:00Z"))
                .extract().header("Location");
        given().when().get(location).then().statusCode(200)
                .body("name", equalTo(name))
                .body("datasource.host", equalTo("db1.internal"))
                .body("datasource.databases", equalTo(List.of("orders")))
                .body("datasource", not(org.hamcrest.Matchers.hasKey("password")))
                .body("policy.id", equalTo(policy.toString()))
                .body("policy.version", equalTo(1))
                .body("recoveryPoints", equalTo(0))
                .body("lastBackup", nullValue())
                .body("stop", nullValue());
    }

    @Test
    void aPasswordAndBadDatasourceFieldsAreRefusedByName() {
        Map<String, Object> body = new HashMap<>(Api.protectBody(Api.unique("x"), Api.createPolicy()));
        body.put("datasource", Map.of("host", "db1", "port", 70000, "username", "backup", "password", "s3cret"));
        given().contentType(ContentType.JSON).body(body)
                .when().post(INSTANCES)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("datasource.password", "datasource.port"))
                .body(not(containsString("s3cret")));
    }

    @Test
    void unknownPolicyAndTakenNameAreRefused() {
        given().contentType(ContentType.JSON).body(Api.protectBody(Api.unique("x"), UUID.randomUUID()))
                .when().post(INSTANCES)
                .then().statusCode(400).body("errors[0].field", equalTo("policyId"));
        UUID policy = Api.createPolicy();
        String name = Api.unique("taken");
        Api.protect(name, policy);
        given().contentType(ContentType.JSON).body(Api.protectBody(name, policy))
                .when().post(INSTANCES)
                .then().statusCode(409).body("existingId", notNullValue());
    }

    @Test
    void twoProtectsOfOneNameAtOnceCreateOneInstanceAndAConflict() throws Exception {
        UUID policy = Api.createPolicy();
        String name = Api.unique("racy");
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.function.Supplier<Integer> protect = () -> {
            try {
                together.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return given().contentType(ContentType.JSON).body(Api.protectBody(name, policy))
                    .when().post(INSTANCES).statusCode();
        };
        var a = java.util.concurrent.CompletableFuture.supplyAsync(protect);
        var b = java.util.concurrent.CompletableFuture.supplyAsync(protect);
        assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(201, 409);
        given().queryParam("nameContains", name).when().get(INSTANCES).then().body("total", equalTo(1));
    }

    @Test
    void listFiltersByStatePolicyAndNameAndPagesInNameOrder() {
        UUID policy = Api.createPolicy();
        String prefix = Api.unique("fleet");
        UUID a = Api.protect(prefix + "-a", policy);
        Api.protect(prefix + "-b", policy);
        Api.protect(prefix + "-c", policy);
        Api.stop(a, "RETAIN_FOREVER").statusCode(200);

        given().queryParam("nameContains", prefix.toUpperCase()).queryParam("size", 2)
                .when().get(INSTANCES)
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.name", equalTo(List.of(prefix + "-a", prefix + "-b")));
        given().queryParam("nameContains", prefix).queryParam("size", 2).queryParam("page", 1)
                .when().get(INSTANCES)
                .then().body("items.name", equalTo(List.of(prefix + "-c")));
        given().queryParam("nameContains", prefix).queryParam("state", "PROTECTION_STOPPED")
                .when().get(INSTANCES)
                .then().body("total", equalTo(1)).body("items[0].id", equalTo(a.toString()))
                .body("items[0].policy.name", notNullValue());
        given().queryParam("policyId", policy.toString())
                .when().get(INSTANCES)
                .then().body("total", equalTo(3));
        given().queryParam("state", "SLEEPING").when().get(INSTANCES)
                .then().statusCode(400).body("errors[0].field", equalTo("state"));
    }

    @Test
    void backupNowAnswers202WithTheJobAndPublishesBackupRequestedWithThePolicySnapshot() {
        UUID policy = Api.createPolicy();
        UUID instance = Api.protect(policy);
        Response answer = given().when().post(INSTANCES + "/" + instance + "/backup");
        answer.then().statusCode(202).body("status", equalTo("QUEUED"));
        String jobId = answer.path("jobId");
        assertThat(answer.header("Location")).isEqualTo("http://127.0.0.1:8082/api/v1/jobs/" + jobId)
                .isEqualTo(answer.<String>path("jobUrl"));

        JsonNode command = Commands.await(instance, BackupRequested.class, 1).get(0);
        assertThat(command.path("jobId").asText()).isEqualTo(jobId);
        assertThat(command.path("trigger").asText()).isEqualTo("ON_DEMAND");
        assertThat(command.path("requestedBy").asText()).isEqualTo(AsAdmin.SUBJECT);
        assertThat(command.path("datasource").path("host").asText()).isEqualTo("db1.internal");
        assertThat(command.path("datasource").has("password")).isFalse();
        assertThat(command.path("policy").path("policyId").asText()).isEqualTo(policy.toString());
        assertThat(command.path("policy").path("defaultRetention").asText()).isEqualTo("P30D");
        assertThat(command.path("policy").path("taggedRules").get(0).path("duration").asText()).isEqualTo("P12W");
        Api.get(instance).body("activeBackupJobId", equalTo(jobId));
    }

    @Test
    void aSecondBackupWhileOneIsQueuedIsRefusedNamingTheJob() {
        UUID instance = Api.protect(Api.createPolicy());
        String jobId = Api.post(instance, "backup", null).statusCode(202).extract().path("jobId");
        Api.post(instance, "backup", null).statusCode(409)
                .body("activeJobId", equalTo(jobId))
                .body("detail", containsString(jobId));
    }

    @Test
    void backupNowIsRefusedWhenProtectionStopped() {
        UUID instance = Api.protect(Api.createPolicy());
        Api.stop(instance, "RETAIN_FOREVER").statusCode(200);
        Api.post(instance, "backup", null).statusCode(409)
                .contentType("application/problem+json")
                .body("currentState", equalTo("PROTECTION_STOPPED"))
                .body("allowedStates", equalTo(List.of("PROTECTION_CONFIGURED")));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheSameAndPublishesNothingNew() {
        UUID instance = Api.protect(Api.createPolicy());
        String key = UUID.randomUUID().toString();
        Response first = given().header("Idempotency-Key", key).when().post(INSTANCES + "/" + instance + "/backup");
        Response retry = given().header("Idempotency-Key", key).when().post(INSTANCES + "/" + instance + "/backup");
        first.then().statusCode(202);
        retry.then().statusCode(202).header("Idempotent-Replayed", "true");
        assertThat(retry.asString()).isEqualTo(first.asString());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));

        // a later command of the instance arrives after anything published before it (one partition, outbox order)
        Api.stop(instance, "RETAIN_AS_PER_POLICY").statusCode(200);
        Commands.await(instance, ProtectionStopped.class, 1);
        assertThat(Commands.typesOf(instance)).containsExactly("BackupRequested", "ProtectionStopped");
    }

    @Test
    void protectWithAnIdempotencyKeyCreatesOneInstanceAndTheKeyCannotBeReusedForAnother() {
        UUID policy = Api.createPolicy();
        String name = Api.unique("retried");
        String key = UUID.randomUUID().toString();
        String first = given().header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Api.protectBody(name, policy)).when().post(INSTANCES)
                .then().statusCode(201).extract().path("id");
        String second = given().header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Api.protectBody(name, policy)).when().post(INSTANCES)
                .then().statusCode(201).extract().path("id");
        assertThat(second).isEqualTo(first);
        given().queryParam("nameContains", name).when().get(INSTANCES).then().body("total", equalTo(1));

        given().header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Api.protectBody(name + "-other", policy)).when().post(INSTANCES)
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        given().queryParam("nameContains", name + "-other").when().get(INSTANCES).then().body("total", equalTo(0));
    }

    @Test
    void changePolicyUsesTheNewPolicyAndPublishesPolicyChanged() {
        UUID oldPolicy = Api.createPolicy();
        UUID newPolicy = Api.createPolicy(Api.unique("weekly"), "0 3 * * SUN");
        UUID instance = Api.protect(oldPolicy);
        Api.post(instance, "change-policy", Map.of("policyId", newPolicy.toString())).statusCode(200)
                .body("policy.id", equalTo(newPolicy.toString()))
                .body("nextBackupAt", notNullValue());
        JsonNode command = Commands.await(instance, PolicyChanged.class, 1).get(0);
        assertThat(command.path("previous").path("policyId").asText()).isEqualTo(oldPolicy.toString());
        assertThat(command.path("policy").path("policyId").asText()).isEqualTo(newPolicy.toString());
        Api.post(instance, "change-policy", Map.of("policyId", UUID.randomUUID().toString())).statusCode(400)
                .body("errors[0].field", equalTo("policyId"));
    }

    @Test
    void restoreOfALivePointAnswers202AndPublishesRestoreRequested() {
        UUID instance = Api.protect(Api.createPolicy());
        UUID point = RetentionServiceMock.put(instance, "LIVE");
        Response answer = given().contentType(ContentType.JSON)
                .body(Map.of("recoveryPointId", point.toString(), "target", Map.of("type", "FILES", "directory", "orders-2026-01")))
                .when().post(INSTANCES + "/" + instance + "/restore");
        answer.then().statusCode(202).body("status", equalTo("QUEUED"));
        JsonNode command = Commands.await(instance, RestoreRequested.class, 1).get(0);
        assertThat(command.path("jobId").asText()).isEqualTo(answer.<String>path("jobId"));
        assertThat(command.path("recoveryPointId").asText()).isEqualTo(point.toString());
        assertThat(command.path("target").path("type").asText()).isEqualTo("FILES");
        assertThat(command.path("target").path("directory").asText()).isEqualTo("orders-2026-01");
        assertThat(command.path("source").path("host").asText()).isEqualTo("db1.internal");
        assertThat(command.path("requestedBy").asText()).isEqualTo(AsAdmin.SUBJECT);
    }

    @Test
    void restoreIntoANewDatabaseWhileStoppedIsAccepted() {
        UUID instance = Api.protect(Api.createPolicy());
        Api.stop(instance, "RETAIN_FOREVER").statusCode(200);
        UUID point = RetentionServiceMock.put(instance, "LIVE");
        Api.post(instance, "restore", Map.of("recoveryPointId", point.toString(), "target",
                Map.of("type", "DATABASE", "host", "db2.internal", "port", 5432, "username", "restorer",
                        "database", "orders_copy"))).statusCode(202);
        JsonNode command = Commands.await(instance, RestoreRequested.class, 1).get(0);
        assertThat(command.path("target").path("database").asText()).isEqualTo("orders_copy");
        assertThat(command.path("target").path("includeGlobals").asBoolean()).isFalse();
    }

    @Test
    void restoreOfAnUnknownForeignOrDeletedPointIsRefusedAndPublishesNothing() {
        UUID instance = Api.protect(Api.createPolicy());
        Map<String, Object> files = Map.of("type", "FILES", "directory", "x");
        Api.post(instance, "restore", Map.of("recoveryPointId", UUID.randomUUID().toString(), "target", files))
                .statusCode(404).body("detail", containsString("recovery point"));
        UUID foreign = RetentionServiceMock.put(UUID.randomUUID(), "LIVE");
        Api.post(instance, "restore", Map.of("recoveryPointId", foreign.toString(), "target", files))
                .statusCode(409).body("detail", containsString("another backup instance"));
        UUID deleted = RetentionServiceMock.put(instance, "DELETED");
        Api.post(instance, "restore", Map.of("recoveryPointId", deleted.toString(), "target", files))
                .statusCode(409).body("recoveryPointState", equalTo("DELETED"));

        Api.post(instance, "backup", null).statusCode(202);
        Commands.await(instance, BackupRequested.class, 1);
        assertThat(Commands.typesOf(instance)).containsExactly("BackupRequested");
    }

    @Test
    void aRestoreRetentionServiceCannotCheckIsA503AndPublishesNothing() {
        UUID instance = Api.protect(Api.createPolicy());
        UUID point = RetentionServiceMock.failing();
        Api.post(instance, "restore", Map.of("recoveryPointId", point.toString(), "target",
                        Map.of("type", "FILES", "directory", "x")))
                .statusCode(503).body("recoveryPointId", equalTo(point.toString()));

        Api.post(instance, "backup", null).statusCode(202);
        Commands.await(instance, BackupRequested.class, 1);
        assertThat(Commands.typesOf(instance)).containsExactly("BackupRequested");
    }

    @Test
    void restoreTargetFieldsAreNamed() {
        UUID instance = Api.protect(Api.createPolicy());
        String point = RetentionServiceMock.put(instance, "LIVE").toString();
        Api.post(instance, "restore", Map.of("recoveryPointId", point, "target", Map.of("type", "FILES", "directory", "../etc")))
                .statusCode(400).body("errors[0].field", equalTo("target.directory"));
        Api.post(instance, "restore", Map.of("recoveryPointId", point, "target", Map.of("type", "DATABASE", "host", "db2")))
                .statusCode(400).body("errors.field", hasItems("target.port", "target.username", "target.database"));
        Api.post(instance, "restore", Map.of("target", Map.of("type", "TAPE")))
                .statusCode(400).body("errors.field", hasItems("recoveryPointId", "target.type"));
    }

    @Test
    void stopRetainForeverThenResumeRestartsTheSchedule() {
        UUID instance = Api.protect(Api.createPolicy());
        Api.post(instance, "stop-protection", Map.of("mode", "RETAIN_FOREVER", "reason", "MOVED_TO_ANOTHER_SOLUTION",
                        "comments", "moving to the new cluster"))
                .statusCode(200)
                .body("state", equalTo("PROTECTION_STOPPED"))
                .body("nextBackupAt", nullValue())
                .body("stop.mode", equalTo("RETAIN_FOREVER"))
                .body("stop.reason", equalTo("MOVED_TO_ANOTHER_SOLUTION"))
                .body("stop.comments", equalTo("moving to the new cluster"));
        JsonNode stopped = Commands.await(instance, ProtectionStopped.class, 1).get(0);
        assertThat(stopped.path("mode").asText()).isEqualTo("RETAIN_FOREVER");
        assertThat(stopped.path("reason").asText()).isEqualTo("MOVED_TO_ANOTHER_SOLUTION");

        Api.post(instance, "resume-protection", Map.of("comments", "cluster ready")).statusCode(200)
                .body("state", equalTo("PROTECTION_CONFIGURED"))
                .body("nextBackupAt", notNullValue())
                .body("stop", nullValue());
        Commands.await(instance, ProtectionResumed.class, 1);
        given().when().get(INSTANCES + "/" + instance + "/activity").then()
                .body("action", equalTo(List.of("RESUME_PROTECTION", "STOP_PROTECTION", "PROTECT")))
                .body("[0].comments", equalTo("cluster ready"))
                .body("[1].reason", equalTo("MOVED_TO_ANOTHER_SOLUTION"));
    }

    @Test
    void stopNeedsAKnownModeAndReasonAndCommentsForOther() {
        UUID instance = Api.protect(Api.createPolicy());
        Api.post(instance, "stop-protection", Map.of("mode", "PAUSE", "reason", "BORED"))
                .statusCode(400).body("errors.field", hasItems("mode", "reason"))
                .body("detail", containsString("DECOMMISSIONED"));
        Api.post(instance, "stop-protection", Map.of("mode", "RETAIN_FOREVER", "reason", "OTHER"))
                .statusCode(400).body("errors[0].field", equalTo("comments"));
        Api.get(instance).body("state", equalTo("PROTECTION_CONFIGURED"));
    }

    @Test
    void deleteDataNeedsTheNameTypedAndCannotBeResumed() {
        String name = Api.unique("legacy-db");
        UUID instance = Api.protect(name, Api.createPolicy());
        Api.post(instance, "stop-protection", Map.of("mode", "DELETE_DATA", "reason", "DECOMMISSIONED", "confirmName", "oops"))
                .statusCode(400).body("errors[0].field", equalTo("confirmName"));
        Api.post(instance, "stop-protection", Map.of("mode", "DELETE_DATA", "reason", "DECOMMISSIONED", "confirmName", name))
                .statusCode(200).body("state", equalTo("DATA_DELETED"));
        Api.post(instance, "resume-protection", null).statusCode(409)
                .body("currentState", equalTo("DATA_DELETED"))
                .body("allowedStates", equalTo(List.of("PROTECTION_STOPPED", "BACKUPS_SUSPENDED")));
        assertThat(Commands.await(instance, ProtectionStopped.class, 1).get(0).path("mode").asText()).isEqualTo("DELETE_DATA");
    }

    @Test
    void deleteWithConfirmationGoesDeletingPublishesInstanceDeletedAndIsLogged() {
        String name = Api.unique("old-db");
        UUID instance = Api.protect(name, Api.createPolicy());
        given().contentType(ContentType.JSON).body(Map.of("confirmName", name.toUpperCase(), "reason", "COST"))
                .when().delete(INSTANCES + "/" + instance)
                .then().statusCode(400).body("errors[0].field", equalTo("confirmName"));
        given().contentType(ContentType.JSON)
                .body(Map.of("confirmName", name, "reason", "DECOMMISSIONED", "comments", "server retired"))
                .when().delete(INSTANCES + "/" + instance)
                .then().statusCode(202).body("state", equalTo("SOFT_DELETED")).body("nextBackupAt", nullValue());
        JsonNode deleted = Commands.await(instance, InstanceDeleted.class, 1).get(0);
        assertThat(deleted.path("instanceName").asText()).isEqualTo(name);
        assertThat(deleted.path("comments").asText()).isEqualTo("server retired");
        Api.post(instance, "backup", null).statusCode(409).body("currentState", equalTo("SOFT_DELETED"));

        given().when().get(INSTANCES + "/" + instance + "/activity")
                .then().statusCode(200)
                .body("action", equalTo(List.of("DELETE", "PROTECT")))
                .body("[0].actor", equalTo(AsAdmin.SUBJECT))
                .body("[0].reason", equalTo("DECOMMISSIONED"))
                .body("[0].comments", equalTo("server retired"))
                .body("[0].resultingState", equalTo("SOFT_DELETED"))
                .body("[1].resultingState", equalTo("PROTECTION_CONFIGURED"));
    }

    @Test
    void unknownInstanceIs404Everywhere() {
        UUID unknown = UUID.randomUUID();
        Api.get(unknown).statusCode(404).contentType("application/problem+json");
        given().when().get(INSTANCES + "/" + unknown + "/activity").then().statusCode(404);
        Api.post(unknown, "backup", null).statusCode(404);
    }
}
