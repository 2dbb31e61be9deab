package io.pgvault.instance.approval;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.contracts.instance.VaultSettingsChanged;
import io.pgvault.instance.Api;
import io.pgvault.instance.AsAdmin;
import io.pgvault.instance.Commands;
import io.pgvault.instance.TestClock;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.instance.retention.RetentionServiceMock;
import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Multi-user authorization against the real service, database and broker: each protected operation becomes a
 * pending operation that only a backup-approver other than the requester lets act, once.
 */
@QuarkusTest
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
@QuarkusTestResource(RetentionServiceMock.class)
class MultiUserAuthorizationTest {

    private static final String INSTANCES = "/api/v1/backup-instances";

    @Inject
    PendingOperations pending;

    @BeforeEach
    void muaOn() {
        Approvals.on();
    }

    @AfterEach
    void muaOff() {
        Approvals.off();
    }

    private static Map<String, Object> deleteData(String name) {
        return Map.of("mode", "DELETE_DATA", "reason", "DECOMMISSIONED", "comments", "server retired",
                "confirmName", name);
    }

    private static Map<String, Object> deletion(String name) {
        return Map.of("confirmName", name, "reason", "DECOMMISSIONED", "comments", "server retired");
    }

    private static UUID commandEventId(String pendingUrl) {
        String id = pendingUrl.substring(pendingUrl.lastIndexOf('/') + 1);
        return UUID.nameUUIDFromBytes(("pgvault:pending-operation:" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static long count(UUID instance, Class<?> type) {
        return Commands.typesOf(instance).stream().filter(t -> t.equals(type.getSimpleName())).count();
    }

    @Test
    void stopWithDeleteDataWaitsForASecondPersonWhoseApprovalPublishesTheCommandOnce() {
        String name = Api.unique("orders-mua");
        UUID instance = Api.protect(name, Api.createPolicy());

        var accepted = Api.post(instance, "stop-protection", deleteData(name)).statusCode(202)
                .body("operation", equalTo("STOP_PROTECTION_DELETE_DATA"))
                .body("state", equalTo("PENDING"))
                .body("requestedBy", equalTo(AsAdmin.SUBJECT))
                .body("instanceId", equalTo(instance.toString()))
                .body("summary", containsString("DELETE_DATA"))
                .body("expiresAt", equalTo(TestClock.CLOCK.instant().plus(Duration.ofHours(24)).toString()))
                .extract();
        String url = accepted.path("url");
        Api.get(instance).body("state", equalTo("PROTECTION_CONFIGURED"));

        Approvals.approve(url, Approvals.requesterAsApproverToken()).statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("another backup-approver"));
        // an admin without the approver role cannot approve at all
        Approvals.approve(url, TestTokens.forRoles("carol-admin", Roles.ADMIN)).statusCode(403);
        assertThat(count(instance, ProtectionStopped.class)).isZero();

        Approvals.approve(url, Approvals.approverToken()).statusCode(200)
                .body("state", equalTo("APPROVED")).body("decidedBy", equalTo(Approvals.APPROVER))
                .body("comment", equalTo("checked with the team"));
        Api.get(instance).body("state", equalTo("DATA_DELETED"));
        JsonNode stopped = Commands.await(instance, ProtectionStopped.class, 1).get(0);
        assertThat(stopped.path("mode").asText()).isEqualTo("DELETE_DATA");
        assertThat(stopped.path("eventId").asText()).isEqualTo(commandEventId(url).toString());

        Approvals.approve(url, Approvals.approverToken()).statusCode(409).body("currentState", equalTo("APPROVED"));
        assertThat(count(instance, ProtectionStopped.class)).isEqualTo(1);
        given().get(INSTANCES + "/{id}/activity", instance).then().statusCode(200)
                .body("find { it.action == 'STOP_PROTECTION' }.actor", equalTo(AsAdmin.SUBJECT))
                .body("find { it.action == 'STOP_PROTECTION' }.approvedBy", equalTo(Approvals.APPROVER))
                .body("action", hasItem("STOP_PROTECTION_DELETE_DATA_REQUESTED"));
    }

    @Test
    void deletingAnInstanceWaitsForTheApproverAndARetryWithTheSameKeyAnswersTheSamePendingOperation() {
        String name = Api.unique("orders-mua-del");
        UUID instance = Api.protect(name, Api.createPolicy());
        String url = given().contentType(ContentType.JSON).header("Idempotency-Key", "del-" + instance)
                .body(deletion(name)).delete(INSTANCES + "/" + instance)
                .then().statusCode(202).body("operation", equalTo("DELETE_INSTANCE")).extract().path("url");
        given().contentType(ContentType.JSON).header("Idempotency-Key", "del-" + instance)
                .body(deletion(name)).delete(INSTANCES + "/" + instance)
                .then().statusCode(202).header("Idempotent-Replayed", "true").body("url", equalTo(url));
        given().queryParam("instanceId", instance.toString()).get("/api/v1/pending-operations").then()
                .statusCode(200).body("size()", equalTo(1));
        Api.get(instance).body("state", equalTo("PROTECTION_CONFIGURED"));

        Approvals.approve(url, Approvals.approverToken()).statusCode(200).body("state", equalTo("APPROVED"));
        Api.get(instance).body("state", equalTo("SOFT_DELETED"));
        JsonNode deleted = Commands.await(instance, InstanceDeleted.class, 1).get(0);
        assertThat(deleted.path("eventId").asText()).isEqualTo(commandEventId(url).toString());
        assertThat(count(instance, InstanceDeleted.class)).isEqualTo(1);
    }

    @Test
    void aWithdrawnOperationDoesNothingAndOnlyItsRequesterCanWithdrawIt() {
        String name = Api.unique("orders-mua-wd");
        UUID instance = Api.protect(name, Api.createPolicy());
        String url = Api.post(instance, "stop-protection", deleteData(name)).statusCode(202).extract().path("url");

        given().auth().oauth2(Approvals.approverToken()).post(url + "/withdraw").then().statusCode(403)
                .body("requestedBy", equalTo(AsAdmin.SUBJECT));
        given().post(url + "/withdraw").then().statusCode(200).body("state", equalTo("WITHDRAWN"))
                .body("decidedBy", equalTo(AsAdmin.SUBJECT));
        Approvals.approve(url, Approvals.approverToken()).statusCode(409).body("currentState", equalTo("WITHDRAWN"));
        Api.get(instance).body("state", equalTo("PROTECTION_CONFIGURED"));
        assertThat(count(instance, ProtectionStopped.class)).isZero();
        given().get(INSTANCES + "/{id}/activity", instance).then()
                .body("action", hasItem("STOP_PROTECTION_DELETE_DATA_WITHDRAWN"));
    }

    @Test
    void anExpiredOperationDoesNothing() throws Throwable {
        String name = Api.unique("orders-mua-exp");
        UUID instance = Api.protect(name, Api.createPolicy());
        String url = given().contentType(ContentType.JSON).body(deletion(name)).delete(INSTANCES + "/" + instance)
                .then().statusCode(202).extract().path("url");
        java.time.Instant before = TestClock.CLOCK.instant();
        TestClock.CLOCK.advance(Duration.ofHours(24).plusSeconds(1));
        try {
            Approvals.approve(url, Approvals.approverToken()).statusCode(409).body("currentState", equalTo("EXPIRED"));
            assertThat(VertxContextSupport.subscribeAndAwait(() -> pending.expireDue())).isPositive();
        } finally {
            // the other tests' instances fall due by this clock: leave it where it was
            TestClock.CLOCK.set(before);
        }
        given().get(url).then().body("state", equalTo("EXPIRED"));
        given().queryParam("state", "EXPIRED").queryParam("requestedBy", AsAdmin.SUBJECT).get("/api/v1/pending-operations")
                .then().body("url", hasItem(url)).body("state", everyItem(equalTo("EXPIRED")));
        Api.get(instance).body("state", equalTo("PROTECTION_CONFIGURED"));
        assertThat(count(instance, InstanceDeleted.class)).isZero();
        given().get(INSTANCES + "/{id}/activity", instance).then().body("action", hasItem("DELETE_INSTANCE_EXPIRED"));
    }

    @Test
    void anApprovalAfterTheInstanceChangedIsRefusedAndChangesNothing() {
        String name = Api.unique("orders-mua-chg");
        UUID instance = Api.protect(name, Api.createPolicy());
        Api.stop(instance, "RETAIN_FOREVER").statusCode(200);
        String url = Api.post(instance, "stop-protection", deleteData(name)).statusCode(202).extract().path("url");
        Api.post(instance, "resume-protection", null).statusCode(200);

        Approvals.approve(url, Approvals.approverToken()).statusCode(409)
                .body("currentState", equalTo("PROTECTION_CONFIGURED"))
                .body("requestedInState", equalTo("PROTECTION_STOPPED"));
        given().get(url).then().body("state", equalTo("PENDING"));
        Api.get(instance).body("state", equalTo("PROTECTION_CONFIGURED"));
        assertThat(Commands.await(instance, ProtectionStopped.class, 1).get(0).path("mode").asText())
                .isEqualTo("RETAIN_FOREVER");
        assertThat(count(instance, ProtectionStopped.class)).isEqualTo(1);
    }

    @Test
    void retainModesAreNotProtected() {
        UUID instance = Api.protect(Api.createPolicy());
        Api.stop(instance, "RETAIN_AS_PER_POLICY").statusCode(200).body("state", equalTo("BACKUPS_SUSPENDED"));
    }

    @Test
    void changingImmutabilityWaitsForTheApproverAndPublishesTheSettingsOnce() {
        String url = given().contentType(ContentType.JSON).body(Map.of("immutability", "ENABLED"))
                .put("/api/v1/vault").then().statusCode(202).body("operation", equalTo("CHANGE_VAULT"))
                .body("summary", containsString("immutability DISABLED → ENABLED")).extract().path("url");
        given().get("/api/v1/vault").then().body("immutability", equalTo("DISABLED"));
        Approvals.approve(url, Approvals.requesterAsApproverToken()).statusCode(403);

        Approvals.approve(url, Approvals.approverToken()).statusCode(200);
        given().get("/api/v1/vault").then().body("immutability", equalTo("ENABLED"))
                .body("changedBy", equalTo(AsAdmin.SUBJECT)).body("approvedBy", equalTo(Approvals.APPROVER));
        String eventId = commandEventId(url).toString();
        List<String> published = KafkaProbe.await(Topics.INSTANCE_COMMANDS, 1, Duration.ofSeconds(20),
                r -> VaultSettingsChanged.VAULT.toString().equals(r.key()) && r.value().contains(eventId)).stream()
                .map(r -> KafkaProbe.type(r)).toList();
        assertThat(published).containsExactly(EventTypes.typeOf(VaultSettingsChanged.class));
        given().get("/api/v1/vault/activity").then()
                .body("find { it.action == 'VAULT_CHANGED' }.approvedBy", equalTo(Approvals.APPROVER));

        // back to DISABLED: protected as well
        String back = given().contentType(ContentType.JSON).body(Map.of("immutability", "DISABLED"))
                .put("/api/v1/vault").then().statusCode(202).extract().path("url");
        Approvals.approve(back, Approvals.approverToken()).statusCode(200);
        given().get("/api/v1/vault").then().body("immutability", equalTo("DISABLED"));
    }

    @Test
    void shorteningTheGracePeriodIsProtectedAndLengtheningItIsNot() {
        given().contentType(ContentType.JSON).body(Map.of("softDeleteGracePeriod", "P21D")).put("/api/v1/vault")
                .then().statusCode(200).body("softDeleteGracePeriod", equalTo("P21D"));
        String url = given().contentType(ContentType.JSON).body(Map.of("softDeleteGracePeriod", "P14D"))
                .put("/api/v1/vault").then().statusCode(202).extract().path("url");
        given().get("/api/v1/vault").then().body("softDeleteGracePeriod", equalTo("P21D"));
        given().auth().oauth2(Approvals.approverToken()).post(url + "/reject").then().statusCode(200)
                .body("state", equalTo("REJECTED"));
        Approvals.approve(url, Approvals.approverToken()).statusCode(409);
        given().get("/api/v1/vault").then().body("softDeleteGracePeriod", equalTo("P21D"));
        String again = given().contentType(ContentType.JSON).body(Map.of("softDeleteGracePeriod", "P14D"))
                .put("/api/v1/vault").then().statusCode(202).extract().path("url");
        Approvals.approve(again, Approvals.approverToken()).statusCode(200);
        given().get("/api/v1/vault").then().body("softDeleteGracePeriod", equalTo("P14D"));
    }

    @Test
    void aUsersRoleChangeWaitsForTheApprover() {
        String username = "erin-" + UUID.randomUUID().toString().substring(0, 8);
        String userId = given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "a long enough password", "roles", List.of("backup-reader")))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
        String url = given().contentType(ContentType.JSON).body(Map.of("roles", List.of("backup-admin")))
                .put("/api/v1/users/{id}/roles", userId).then().statusCode(202)
                .body("operation", equalTo("CHANGE_USER_ROLES")).body("target", equalTo(username)).extract().path("url");
        given().get("/api/v1/users/{id}", userId).then().body("roles", equalTo(List.of("backup-reader")));
        Approvals.approve(url, Approvals.requesterAsApproverToken()).statusCode(403);
        Approvals.approve(url, Approvals.approverToken()).statusCode(200);
        given().get("/api/v1/users/{id}", userId).then().body("roles", equalTo(List.of("backup-admin")));
        given().get("/api/v1/user-activity").then().statusCode(200)
                .body("find { it.action == 'ROLES_CHANGED' && it.username == '" + username + "' }.actor",
                        equalTo(AsAdmin.SUBJECT))
                .body("find { it.action == 'ROLES_CHANGED' && it.username == '" + username + "' }.detail",
                        containsString("approved by " + Approvals.APPROVER));
    }

    @Test
    void pendingOperationsAreListedByStateInstanceAndRequester() {
        String name = Api.unique("orders-mua-list");
        UUID instance = Api.protect(name, Api.createPolicy());
        String url = Api.post(instance, "stop-protection", deleteData(name)).statusCode(202).extract().path("url");
        given().queryParam("state", "PENDING").queryParam("instanceId", instance.toString())
                .queryParam("requestedBy", AsAdmin.SUBJECT).get("/api/v1/pending-operations").then().statusCode(200)
                .body("url", equalTo(List.of(url)));
        given().queryParam("requestedBy", "nobody").queryParam("instanceId", instance.toString())
                .get("/api/v1/pending-operations").then().body("size()", equalTo(0));
        given().queryParam("state", "SOON").get("/api/v1/pending-operations").then().statusCode(400)
                .body("errors[0].field", equalTo("state"));
        given().auth().oauth2(Approvals.approverToken()).get(url).then().statusCode(200)
                .body("state", equalTo("PENDING"));
        given().post(url + "/withdraw").then().statusCode(200);
        given().queryParam("state", "PENDING").queryParam("instanceId", instance.toString())
                .get("/api/v1/pending-operations").then().body("url", not(hasItem(url)));
    }

    @Test
    void undeletingAnInstanceWaitsForTheApprover() {
        String name = Api.unique("orders-mua-undel");
        UUID instance = Api.protect(name, Api.createPolicy());
        String deleteUrl = given().contentType(ContentType.JSON).body(deletion(name)).delete(INSTANCES + "/" + instance)
                .then().statusCode(202).extract().path("url");
        Approvals.approve(deleteUrl, Approvals.approverToken()).statusCode(200);
        Api.get(instance).body("state", equalTo("SOFT_DELETED"));

        String url = given().post("/api/v1/deleted-backup-instances/{id}/undelete", instance).then().statusCode(202)
                .body("operation", equalTo("UNDELETE_INSTANCE")).extract().path("url");
        Api.get(instance).body("state", equalTo("SOFT_DELETED"));
        Approvals.approve(url, Approvals.requesterAsApproverToken()).statusCode(403);
        Approvals.approve(url, Approvals.approverToken()).statusCode(200);
        Api.get(instance).body("state", equalTo("PROTECTION_STOPPED"));
        JsonNode undeleted = Commands.await(instance, io.pgvault.contracts.instance.InstanceUndeleted.class, 1).get(0);
        assertThat(undeleted.path("eventId").asText()).isEqualTo(commandEventId(url).toString());
        given().get(INSTANCES + "/{id}/activity", instance).then()
                .body("find { it.action == 'UNDELETE' }.approvedBy", equalTo(Approvals.APPROVER));
    }

    @Test
    void theLastApproversRoleCannotBeTakenNorTheApproverDisabledWhileMultiUserAuthorizationIsOn() {
        String approver = Approvals.approverUser();
        Approvals.off();
        List<String> others = Approvals.disableOtherApprovers();
        Approvals.on();
        try {
            given().contentType(ContentType.JSON).body(Map.of("roles", List.of("backup-reader")))
                    .put("/api/v1/users/{id}/roles", approver).then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("setting", equalTo("multiUserAuthorization"))
                    .body("detail", containsString("last enabled backup-approver"));
            given().post("/api/v1/users/{id}/disable", approver).then().statusCode(409)
                    .body("requiredRole", equalTo(Roles.APPROVER));
            given().get("/api/v1/users/{id}", approver).then().body("enabled", equalTo(true))
                    .body("roles", equalTo(List.of(Roles.APPROVER)));
            given().queryParam("state", "PENDING").get("/api/v1/pending-operations").then().statusCode(200)
                    .body("findAll { it.operation == 'CHANGE_USER_ROLES' && it.target == '" + Approvals.APPROVER
                            + "' }.size()", equalTo(0));
        } finally {
            Approvals.off();
            Approvals.enable(others);
            Approvals.on();
        }
    }

    @Test
    void anUnpinWaitsForTheApproverWhoseApprovalPublishesPinRemovalApprovedOnce() {
        UUID instance = Api.protect(Api.unique("orders-mua-unpin"), Api.createPolicy());
        UUID point = RetentionServiceMock.put(instance, "LIVE", true);
        String url = given().post("/api/v1/pending-operations/recovery-points/{id}/unpin", point).then().statusCode(202)
                .body("operation", equalTo("UNPIN_RECOVERY_POINT")).body("instanceId", equalTo(instance.toString()))
                .body("target", equalTo(point.toString())).body("state", equalTo("PENDING"))
                .extract().path("url");
        assertThat(count(instance, io.pgvault.contracts.instance.PinRemovalApproved.class)).isZero();

        Approvals.approve(url, Approvals.requesterAsApproverToken()).statusCode(403);
        Approvals.approve(url, Approvals.approverToken()).statusCode(200).body("state", equalTo("APPROVED"));
        JsonNode unpin = Commands.await(instance, io.pgvault.contracts.instance.PinRemovalApproved.class, 1).get(0);
        assertThat(unpin.path("eventId").asText()).isEqualTo(commandEventId(url).toString());
        assertThat(unpin.path("recoveryPointId").asText()).isEqualTo(point.toString());
        assertThat(unpin.path("approvedBy").asText()).isEqualTo(Approvals.APPROVER);
        Approvals.approve(url, Approvals.approverToken()).statusCode(409);
        assertThat(count(instance, io.pgvault.contracts.instance.PinRemovalApproved.class)).isEqualTo(1);
        given().get(INSTANCES + "/{id}/activity", instance).then()
                .body("find { it.action == 'UNPIN_RECOVERY_POINT' }.approvedBy", equalTo(Approvals.APPROVER))
                .body("action", hasItem("UNPIN_RECOVERY_POINT_REQUESTED"));

        // nothing to unpin, or a point retention-service does not know
        UUID unpinned = RetentionServiceMock.put(instance, "LIVE", false);
        given().post("/api/v1/pending-operations/recovery-points/{id}/unpin", unpinned).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("has no pin"));
        given().post("/api/v1/pending-operations/recovery-points/{id}/unpin", UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(TestTokens.forRoles("olga", Roles.OPERATOR))
                .post("/api/v1/pending-operations/recovery-points/{id}/unpin", point).then().statusCode(403);

        // requested, then the vault is enabled: its approval is refused, and a new request too
        UUID other = RetentionServiceMock.put(instance, "LIVE", true);
        String late = given().post("/api/v1/pending-operations/recovery-points/{id}/unpin", other).then().statusCode(202)
                .extract().path("url");
        String enable = given().contentType(ContentType.JSON).body(Map.of("immutability", "ENABLED"))
                .put("/api/v1/vault").then().statusCode(202).extract().path("url");
        Approvals.approve(enable, Approvals.approverToken()).statusCode(200);
        try {
            Approvals.approve(late, Approvals.approverToken()).statusCode(409)
                    .body("setting", equalTo("immutability")).body("recoveryPointId", equalTo(other.toString()));
            given().post("/api/v1/pending-operations/recovery-points/{id}/unpin", other).then().statusCode(409)
                    .body("setting", equalTo("immutability"));
            assertThat(count(instance, io.pgvault.contracts.instance.PinRemovalApproved.class)).isEqualTo(1);
        } finally {
            String disable = given().contentType(ContentType.JSON).body(Map.of("immutability", "DISABLED"))
                    .put("/api/v1/vault").then().statusCode(202).extract().path("url");
            Approvals.approve(disable, Approvals.approverToken()).statusCode(200);
        }
    }

    @Test
    void aPurgeBeforeGraceWaitsForTheApproverAndAnApprovalAfterThePointChangedOrAWithdrawalDoesNothing() {
        UUID instance = Api.protect(Api.unique("orders-mua-purge"), Api.createPolicy());
        UUID point = RetentionServiceMock.put(instance, "DELETED", false);
        given().post("/api/v1/pending-operations/recovery-points/{id}/purge", RetentionServiceMock.put(instance, "LIVE", false)).then()
                .statusCode(409).body("currentState", equalTo("LIVE"));

        // the point is undeleted before the approval: refused, nothing published
        String changed = given().post("/api/v1/pending-operations/recovery-points/{id}/purge", point).then().statusCode(202)
                .body("operation", equalTo("PURGE_RECOVERY_POINT")).extract().path("url");
        RetentionServiceMock.set(point, instance, "LIVE", true);
        Approvals.approve(changed, Approvals.approverToken()).statusCode(409)
                .body("detail", containsString("changed since pending operation"));
        given().get(changed).then().body("state", equalTo("PENDING"));
        given().post(changed + "/withdraw").then().statusCode(200).body("state", equalTo("WITHDRAWN"));
        Approvals.approve(changed, Approvals.approverToken()).statusCode(409).body("currentState", equalTo("WITHDRAWN"));
        assertThat(count(instance, io.pgvault.contracts.instance.PurgeRequested.class)).isZero();

        RetentionServiceMock.set(point, instance, "DELETED", false);
        String url = given().post("/api/v1/pending-operations/recovery-points/{id}/purge", point).then().statusCode(202)
                .extract().path("url");
        Approvals.approve(url, Approvals.approverToken()).statusCode(200);
        JsonNode purge = Commands.await(instance, io.pgvault.contracts.instance.PurgeRequested.class, 1).get(0);
        assertThat(purge.path("eventId").asText()).isEqualTo(commandEventId(url).toString());
        assertThat(purge.path("recoveryPointId").asText()).isEqualTo(point.toString());
        Approvals.approve(url, Approvals.approverToken()).statusCode(409);
        assertThat(count(instance, io.pgvault.contracts.instance.PurgeRequested.class)).isEqualTo(1);
    }

    @Test
    void purgingADeletedInstanceWaitsForTheApproverAndAnExpiredRequestDoesNothing() throws Throwable {
        String name = Api.unique("orders-mua-ipurge");
        UUID instance = Api.protect(name, Api.createPolicy());
        String deleteUrl = given().contentType(ContentType.JSON).body(deletion(name)).delete(INSTANCES + "/" + instance)
                .then().statusCode(202).extract().path("url");
        Approvals.approve(deleteUrl, Approvals.approverToken()).statusCode(200);

        String expired = given().post("/api/v1/deleted-backup-instances/{id}/purge", instance).then().statusCode(202)
                .body("operation", equalTo("PURGE_INSTANCE")).extract().path("url");
        java.time.Instant before = TestClock.CLOCK.instant();
        TestClock.CLOCK.advance(Duration.ofHours(24).plusSeconds(1));
        try {
            assertThat(VertxContextSupport.subscribeAndAwait(() -> pending.expireDue())).isPositive();
        } finally {
            TestClock.CLOCK.set(before);
        }
        Approvals.approve(expired, Approvals.approverToken()).statusCode(409).body("currentState", equalTo("EXPIRED"));
        assertThat(count(instance, io.pgvault.contracts.instance.PurgeRequested.class)).isZero();

        String url = given().post("/api/v1/deleted-backup-instances/{id}/purge", instance).then().statusCode(202)
                .extract().path("url");
        Approvals.approve(url, Approvals.requesterAsApproverToken()).statusCode(403);
        Approvals.approve(url, Approvals.approverToken()).statusCode(200);
        JsonNode purge = Commands.await(instance, io.pgvault.contracts.instance.PurgeRequested.class, 1).get(0);
        assertThat(purge.path("eventId").asText()).isEqualTo(commandEventId(url).toString());
        assertThat(purge.path("recoveryPointId").isNull()).isTrue();
        Api.get(instance).body("state", equalTo("SOFT_DELETED"));
        given().get(INSTANCES + "/{id}/activity", instance).then()
                .body("find { it.action == 'PURGE' }.approvedBy", equalTo(Approvals.APPROVER))
                .body("action", hasItem("PURGE_INSTANCE_EXPIRED"));
    }
}
