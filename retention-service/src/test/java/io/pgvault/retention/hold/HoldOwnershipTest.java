package io.pgvault.retention.hold;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.pgvault.contracts.common.StopMode;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.platform.security.Roles;
import io.pgvault.retention.support.Backups;
import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Holds belong to their owner: who may take, renew, release and remove which kind, and who is recorded. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class HoldOwnershipTest extends RetentionTestBase {

    private static String restoreHold(UUID instance, String owner, String onBehalfOf) {
        return """
                {"kind":"RESTORE","owner":"%s","instanceId":"%s","leaseSeconds":300,"onBehalfOf":"%s"}"""
                .formatted(owner, instance, onBehalfOf);
    }

    private static List<Map<String, Object>> holdsOf(UUID point) {
        return given().get("/api/v1/recovery-points/{id}", point).then().statusCode(200).extract().path("holds");
    }

    @Test
    void aRestoreHoldRecordsTheServiceThatTookItAndTheUserItIsFor() {
        UUID instance = UUID.randomUUID();
        UUID point = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());

        asService().contentType(ContentType.JSON).body(restoreHold(instance, "job-1", "alice"))
                .post("/api/v1/recovery-points/{id}/holds", point).then().statusCode(201)
                .body("createdBy", equalTo(JOB_SERVICE))
                .body("onBehalfOf", equalTo("alice"));
        given().get("/api/v1/recovery-points/{id}", point).then()
                .body("holds[0].createdBy", equalTo(JOB_SERVICE))
                .body("holds[0].onBehalfOf", equalTo("alice"))
                .body("explanation.holds[0].createdBy", equalTo(JOB_SERVICE));
    }

    @Test
    void aPinRecordsTheUserWhoPinnedIt() {
        UUID instance = UUID.randomUUID();
        UUID point = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());

        given().auth().oauth2(TestTokens.forRoles("olga", Roles.OPERATOR))
                .post("/api/v1/recovery-points/{id}/pin", point).then().statusCode(200)
                .body("holds", hasSize(1))
                .body("holds[0].owner", equalTo("user"))
                .body("holds[0].createdBy", equalTo("olga"))
                .body("holds[0].onBehalfOf", nullValue());
    }

    @Test
    void aUsersTokenEvenAnAdminsCannotTakeRenewOrReleaseARestoreHold() {
        UUID instance = UUID.randomUUID();
        UUID point = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        String holdId = asService().contentType(ContentType.JSON).body(restoreHold(instance, "job-2", "alice"))
                .post("/api/v1/recovery-points/{id}/holds", point).then().statusCode(201).extract().path("id");
        String admin = TestTokens.forRoles("root", Roles.ADMIN);

        given().auth().oauth2(admin).contentType(ContentType.JSON).body(restoreHold(instance, "job-3", "root"))
                .post("/api/v1/recovery-points/{id}/holds", point).then().statusCode(403)
                .contentType("application/problem+json")
                .body("requiredRoles", contains(Roles.SERVICE));
        given().auth().oauth2(admin).post("/api/v1/recovery-points/{id}/holds/{holdId}/renew", point, holdId).then()
                .statusCode(403).contentType("application/problem+json").body("requiredRoles", contains(Roles.SERVICE));
        given().auth().oauth2(admin).delete("/api/v1/recovery-points/{id}/holds/{holdId}", point, holdId).then()
                .statusCode(403).contentType("application/problem+json").body("requiredRoles", contains(Roles.SERVICE));

        assertThat(holdsOf(point)).singleElement().satisfies(h -> {
            assertThat(h.get("id")).isEqualTo(holdId);
            assertThat(h.get("kind")).isEqualTo("RESTORE");
        });
    }

    @Test
    void theServiceTokenCannotRenewOrReleaseAPinThroughTheHoldsEndpoint() {
        UUID instance = UUID.randomUUID();
        UUID point = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        String pinId = given().post("/api/v1/recovery-points/{id}/pin", point).then().statusCode(200)
                .extract().path("holds[0].id");
        List<Map<String, Object>> before = holdsOf(point);

        asService().delete("/api/v1/recovery-points/{id}/holds/{holdId}", point, pinId).then()
                .statusCode(409).contentType("application/problem+json")
                .body("kind", equalTo("PIN"))
                .body("movedBy", equalTo("unpin"))
                .body("detail", containsString("unpin"));
        asService().post("/api/v1/recovery-points/{id}/holds/{holdId}/renew", point, pinId).then()
                .statusCode(409).contentType("application/problem+json").body("movedBy", equalTo("unpin"));

        assertThat(holdsOf(point)).isEqualTo(before);
    }

    @Test
    void theServiceTokenCannotReleaseARetainForeverHoldThroughTheHoldsEndpoint() {
        UUID instance = UUID.randomUUID();
        UUID point = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        Backups.send(new ProtectionStopped(UUID.randomUUID(), instance, CLOCK.instant(), StopMode.RETAIN_FOREVER,
                "migrating", null));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> holdsOf(point).size() == 1);
        List<Map<String, Object>> before = holdsOf(point);
        String holdId = (String) before.get(0).get("id");
        assertThat(before.get(0).get("kind")).isEqualTo("RETAIN_FOREVER");

        asService().delete("/api/v1/recovery-points/{id}/holds/{holdId}", point, holdId).then()
                .statusCode(409).contentType("application/problem+json")
                .body("kind", equalTo("RETAIN_FOREVER"))
                .body("movedBy", equalTo("stop-protection/resume-protection"))
                .body("detail", containsString("resuming protection"));

        assertThat(holdsOf(point)).isEqualTo(before);
    }

    @Test
    void anOperatorCannotUnpinButAnAdminCan() {
        UUID instance = UUID.randomUUID();
        UUID point = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        String operator = TestTokens.forRoles("olga", Roles.OPERATOR);
        given().auth().oauth2(operator).post("/api/v1/recovery-points/{id}/pin", point).then().statusCode(200);

        given().auth().oauth2(operator).delete("/api/v1/recovery-points/{id}/pin", point).then()
                .statusCode(403).contentType("application/problem+json").body("requiredRoles", contains(Roles.ADMIN));
        given().auth().oauth2(operator).post("/api/v1/recovery-points/{id}/unpin", point).then()
                .statusCode(403).contentType("application/problem+json").body("requiredRoles", contains(Roles.ADMIN));
        assertThat(holdsOf(point)).hasSize(1);

        given().auth().oauth2(TestTokens.forRoles("root", Roles.ADMIN))
                .delete("/api/v1/recovery-points/{id}/pin", point).then().statusCode(200).body("holds", hasSize(0));
    }

    @Test
    void theRestoreCheckAnswersWhatGetAnswersAndOnlyToTheServiceIdentity() {
        UUID instance = UUID.randomUUID();
        UUID point = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        given().post("/api/v1/recovery-points/{id}/pin", point).then().statusCode(200);

        JsonPath viaGet = given().get("/api/v1/recovery-points/{id}", point).then().statusCode(200).extract().jsonPath();
        JsonPath viaCheck = asService().get("/api/v1/recovery-points/{id}/restore-check", point).then().statusCode(200)
                .extract().jsonPath();
        assertThat(viaCheck.getMap("")).isEqualTo(viaGet.getMap(""));

        asService().get("/api/v1/recovery-points/{id}/restore-check", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/recovery-points/{id}/restore-check", point).then().statusCode(403)
                .contentType("application/problem+json").body("requiredRoles", contains(Roles.SERVICE));
        asService().get("/api/v1/recovery-points/{id}", point).then().statusCode(403)
                .body("requiredRoles", contains(Roles.READER));
    }
}
