package io.pgvault.instance.vault;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.instance.VaultSettingsChanged;
import io.pgvault.instance.Api;
import io.pgvault.instance.AsAdmin;
import io.pgvault.instance.Commands;
import io.pgvault.instance.approval.Approvals;
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
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An ENABLED vault (multi-user authorization off): what it refuses with 409, and that it changes nothing then. */
@QuarkusTest
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
@QuarkusTestResource(RetentionServiceMock.class)
class ImmutableVaultTest {

    private static void vault(Map<String, Object> body, int status) {
        given().contentType(ContentType.JSON).body(body).put("/api/v1/vault").then().statusCode(status);
    }

    @AfterEach
    void disable() {
        vault(Map.of("immutability", "DISABLED"), 200);
        vault(Map.of("softDeleteGracePeriod", "P14D"), 200);
        vault(Map.of("floor", 1), 200);
    }

    @Test
    void theFloorIsAVaultSettingPublishedToRetentionServiceThatOnlyGrowsUnderImmutability() {
        given().get("/api/v1/vault").then().statusCode(200).body("floor", equalTo(1)); // config's first value
        given().contentType(ContentType.JSON).body(Map.of("floor", 0)).put("/api/v1/vault").then().statusCode(400)
                .contentType("application/problem+json").body(containsString("floor"));

        vault(Map.of("floor", 3), 200);
        assertThat(KafkaProbe.await(Topics.INSTANCE_COMMANDS, 1, Duration.ofSeconds(20),
                r -> EventTypes.typeOf(VaultSettingsChanged.class).equals(KafkaProbe.type(r))
                        && r.value().contains("\"floor\":3"))).isNotEmpty();

        vault(Map.of("immutability", "ENABLED"), 200);
        given().contentType(ContentType.JSON).body(Map.of("floor", 2)).put("/api/v1/vault").then().statusCode(409)
                .contentType("application/problem+json")
                .body("setting", equalTo("floor")).body("immutability", equalTo("ENABLED"))
                .body("detail", containsString("the floor can only grow (now 3)"));
        given().get("/api/v1/vault").then().body("floor", equalTo(3));
        vault(Map.of("floor", 4), 200);
        given().get("/api/v1/vault").then().body("floor", equalTo(4));
    }

    @Test
    void stopWithDeleteDataAndDeletionAreRefusedWhileAPointIsUnexpiredAndNothingChanges() {
        vault(Map.of("immutability", "ENABLED"), 200);
        String name = Api.unique("orders-imm");
        UUID instance = Api.protect(name, Api.createPolicy());
        List<UUID> held = RetentionServiceMock.keeps(instance, 2, "2027-02-22T02:00:00Z");

        Api.post(instance, "stop-protection", Map.of("mode", "DELETE_DATA", "reason", "DECOMMISSIONED",
                        "confirmName", name)).statusCode(409).contentType("application/problem+json")
                .body("setting", equalTo("immutability")).body("immutability", equalTo("ENABLED"))
                .body("heldPoints", equalTo(2))
                .body("recoveryPointIds", equalTo(held.stream().map(UUID::toString).toList()))
                .body("keptUntil", equalTo("2027-02-22T02:00:00Z"))
                .body("instead", containsString("RETAIN_AS_PER_POLICY"))
                .body("detail", containsString(held.get(0).toString()));
        given().contentType(ContentType.JSON).body(Map.of("confirmName", name, "reason", "DECOMMISSIONED"))
                .delete("/api/v1/backup-instances/" + instance).then().statusCode(409)
                .body("setting", equalTo("immutability"));
        Api.get(instance).body("state", equalTo("PROTECTION_CONFIGURED"))
                .body("heldByVault.immutability", equalTo("ENABLED")).body("heldByVault.heldPoints", equalTo(2))
                .body("heldByVault.keptUntil", equalTo("2027-02-22T02:00:00Z"))
                .body("heldByVault.detail", equalTo("2 recovery point(s) kept until their expiry, the last"
                        + " 2027-02-22T02:00:00Z; the vault is immutable"));
        assertThat(Commands.typesOf(instance)).doesNotContain("ProtectionStopped", "InstanceDeleted");
        // an instance the vault keeps nothing of says nothing
        Api.get(Api.protect(Api.createPolicy())).body("heldByVault", org.hamcrest.Matchers.nullValue());

        // retain as per policy stays open: it loses no point before its expiry
        Api.stop(instance, "RETAIN_AS_PER_POLICY").statusCode(200).body("state", equalTo("BACKUPS_SUSPENDED"));
    }

    @Test
    void turningMultiUserAuthorizationOnNeedsAnEnabledApproverOtherThanTheRequester() {
        Approvals.approverUser();
        List<String> others = Approvals.disableOtherApprovers();
        int logged = given().get("/api/v1/vault/activity").then().extract().jsonPath().getList("$").size();
        try {
            // the only approver asks for it: nobody could approve their own protected operations
            String approverAsAdmin = TestTokens.forRoles(Approvals.APPROVER, Roles.ADMIN, Roles.APPROVER);
            given().auth().oauth2(approverAsAdmin).contentType(ContentType.JSON)
                    .body(Map.of("multiUserAuthorization", true)).put("/api/v1/vault").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("setting", equalTo("multiUserAuthorization"))
                    .body("requiredRole", equalTo(Roles.APPROVER))
                    .body("detail", containsString("other than " + Approvals.APPROVER));
            given().get("/api/v1/vault").then().body("multiUserAuthorization", equalTo(false));
            assertThat(given().get("/api/v1/vault/activity").then().extract().jsonPath().getList("$")).hasSize(logged);

            // another admin may: the approver is someone else for them
            Approvals.on();
            given().get("/api/v1/vault").then().body("multiUserAuthorization", equalTo(true));
            Approvals.off();
        } finally {
            Approvals.enable(others);
        }
    }

    @Test
    void anInstanceWithNothingUnexpiredCanStillBeDeleted() {
        vault(Map.of("immutability", "ENABLED"), 200);
        String name = Api.unique("orders-imm-empty");
        UUID instance = Api.protect(name, Api.createPolicy());
        given().contentType(ContentType.JSON).body(Map.of("confirmName", name, "reason", "DECOMMISSIONED"))
                .delete("/api/v1/backup-instances/" + instance).then().statusCode(202);
        Api.get(instance).body("state", equalTo("SOFT_DELETED"));
    }

    @Test
    void theGracePeriodOnlyGrowsUnderImmutabilityAndStaysWithinFourteenToOneHundredEightyDays() {
        vault(Map.of("softDeleteGracePeriod", "P13D"), 400);
        given().contentType(ContentType.JSON).body(Map.of("softDeleteGracePeriod", "P181D")).put("/api/v1/vault").then()
                .statusCode(400).body("errors[0].field", equalTo("softDeleteGracePeriod"));
        vault(Map.of("softDeleteGracePeriod", "PT36H"), 400);
        vault(Map.of("immutability", "ENABLED", "softDeleteGracePeriod", "P30D"), 200);
        given().contentType(ContentType.JSON).body(Map.of("softDeleteGracePeriod", "P20D")).put("/api/v1/vault").then()
                .statusCode(409).body("setting", equalTo("softDeleteGracePeriod"))
                .body("immutability", equalTo("ENABLED"));
        given().get("/api/v1/vault").then().body("softDeleteGracePeriod", equalTo("P30D"));
        vault(Map.of("softDeleteGracePeriod", "P45D"), 200);
        vault(Map.of("immutability", "DISABLED"), 200);
        vault(Map.of("softDeleteGracePeriod", "P20D"), 200);
    }

    @Test
    void theLocksBoundsNeedTheLockAndBadValuesAreRefusedByName() {
        given().contentType(ContentType.JSON).body(Map.of("minRetention", "P7D")).put("/api/v1/vault").then()
                .statusCode(400).body("errors[0].field", equalTo("minRetention"));
        given().contentType(ContentType.JSON).body(Map.of("immutability", "SOMETIMES")).put("/api/v1/vault").then()
                .statusCode(400).body("errors[0].field", equalTo("immutability"));
        given().get("/api/v1/vault").then().body("immutability", equalTo("DISABLED"));
    }

    @Test
    void everyChangeIsPublishedForRetentionServiceAndLogged() {
        vault(Map.of("immutability", "ENABLED"), 200);
        var records = KafkaProbe.await(Topics.INSTANCE_COMMANDS, 1, Duration.ofSeconds(20),
                r -> VaultSettingsChanged.VAULT.toString().equals(r.key())
                        && EventTypes.typeOf(VaultSettingsChanged.class).equals(KafkaProbe.type(r))
                        && r.value().contains("\"ENABLED\""));
        assertThat(records).isNotEmpty();
        given().get("/api/v1/vault/activity").then().statusCode(200)
                .body("[0].action", equalTo("VAULT_CHANGED")).body("[0].actor", equalTo(AsAdmin.SUBJECT))
                .body("[0].detail", containsString("immutability DISABLED → ENABLED"));
    }

    @Test
    void onlyAnAdminChangesTheVaultAndAnyoneSignedInReadsIt() {
        given().auth().oauth2(Approvals.approverToken()).contentType(ContentType.JSON)
                .body(Map.of("immutability", "ENABLED")).put("/api/v1/vault").then().statusCode(403);
        given().auth().oauth2(TestTokens.forRoles("olga", Roles.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("immutability", "ENABLED")).put("/api/v1/vault").then().statusCode(403);
        given().auth().oauth2(TestTokens.forRoles("rita", Roles.READER)).get("/api/v1/vault").then().statusCode(200)
                .body("immutability", equalTo("DISABLED"));
    }

    @Test
    void underAnEnabledVaultADeletedInstanceCannotBePurgedEarlyAndWithoutItThePurgeIsPublished() {
        String name = Api.unique("orders-imm-purge");
        UUID instance = Api.protect(name, Api.createPolicy());
        given().contentType(ContentType.JSON).body(Map.of("confirmName", name, "reason", "DECOMMISSIONED"))
                .delete("/api/v1/backup-instances/" + instance).then().statusCode(202);
        vault(Map.of("immutability", "ENABLED"), 200);

        given().post("/api/v1/deleted-backup-instances/{id}/purge", instance).then().statusCode(409)
                .contentType("application/problem+json")
                .body("setting", equalTo("immutability")).body("immutability", equalTo("ENABLED"))
                .body("instanceId", equalTo(instance.toString()))
                .body("detail", containsString("before its grace period ends"));
        Api.get(instance).body("state", equalTo("SOFT_DELETED"));
        assertThat(Commands.typesOf(instance)).doesNotContain("PurgeRequested");

        vault(Map.of("immutability", "DISABLED"), 200);
        given().auth().oauth2(TestTokens.forRoles("olga", Roles.OPERATOR))
                .post("/api/v1/deleted-backup-instances/{id}/purge", instance).then().statusCode(403);
        given().post("/api/v1/deleted-backup-instances/{id}/purge", instance).then().statusCode(202)
                .body("state", equalTo("SOFT_DELETED"));
        var purge = Commands.await(instance, io.pgvault.contracts.instance.PurgeRequested.class, 1).get(0);
        assertThat(purge.path("recoveryPointId").isNull()).isTrue();
        assertThat(purge.path("requestedBy").asText()).isEqualTo(AsAdmin.SUBJECT);
        // a live instance has nothing to purge early
        UUID live = Api.protect(Api.unique("orders-imm-live"), Api.createPolicy());
        given().post("/api/v1/deleted-backup-instances/{id}/purge", live).then().statusCode(409)
                .body("currentState", equalTo("PROTECTION_CONFIGURED"));
    }

    @Test
    void withoutMultiUserAuthorizationUnpinAndPurgeOfAPointAreRetentionServicesAndAnEnabledVaultRefusesThemHere() {
        UUID instance = Api.protect(Api.unique("orders-imm-pin"), Api.createPolicy());
        UUID pinned = RetentionServiceMock.put(instance, "LIVE", true);
        given().post("/api/v1/pending-operations/recovery-points/{id}/unpin", pinned).then().statusCode(409)
                .contentType("application/problem+json")
                .body("setting", equalTo("multiUserAuthorization"))
                .body("detail", containsString("DELETE /api/v1/recovery-points/" + pinned + "/pin"));
        assertThat(Commands.typesOf(instance)).doesNotContain("PinRemovalApproved");
    }

    @Test
    void aPolicyEditOrChangePolicyToShorterRetentionIsAllowedUnderAnEnabledVaultAndItsAnswerWarns() {
        UUID longer = Api.createPolicy();
        String name = Api.unique("short");
        Map<String, Object> shortBody = new java.util.HashMap<>(Api.policyBody(name, "R/2026-01-01T02:00:00Z/P1D"));
        shortBody.put("defaultRetention", "P7D");
        UUID shorter = UUID.fromString(given().contentType(ContentType.JSON).body(shortBody)
                .post("/api/v1/backup-policies").then().statusCode(201).extract().path("id"));
        UUID instance = Api.protect(Api.unique("orders-imm-pol"), longer);
        vault(Map.of("immutability", "ENABLED"), 200);

        Api.post(instance, "change-policy", Map.of("policyId", shorter.toString())).statusCode(200)
                .body("policy.id", equalTo(shorter.toString()))
                .body("warnings[0]", containsString("defaultRetention P30D → P7D"))
                .body("warnings[0]", containsString("new recovery points only"));
        Map<String, Object> edit = new java.util.HashMap<>(Api.policyBody(Api.unique("edited"),
                "R/2026-01-01T02:00:00Z/P1D"));
        edit.put("defaultRetention", "P3D");
        given().contentType(ContentType.JSON).body(edit).put("/api/v1/backup-policies/{id}", longer).then()
                .statusCode(200).body("version", equalTo(2))
                .body("warnings[0]", containsString("the vault is ENABLED: shorter retention (defaultRetention P30D → P3D)"));

        vault(Map.of("immutability", "DISABLED"), 200);
        edit.put("defaultRetention", "P2D");
        given().contentType(ContentType.JSON).body(edit).put("/api/v1/backup-policies/{id}", longer).then()
                .statusCode(200).body("warnings", org.hamcrest.Matchers.empty());
    }
}
