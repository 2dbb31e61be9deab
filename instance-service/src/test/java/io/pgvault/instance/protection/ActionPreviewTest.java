package io.pgvault.instance.protection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.instance.Api;
import io.pgvault.instance.AsAdmin;
import io.pgvault.instance.Commands;
import io.pgvault.instance.approval.Approvals;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.instance.retention.RetentionServiceMock;
import io.pgvault.platform.security.Roles;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.pgvault.testinfra.auth.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code ?preview=true} on the instance, policy and vault actions: the action's validation, roles and state
 * rules, its checks reported, retention-service asked for the points, and nothing changed, published or recorded.
 */
@QuarkusTest
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
@QuarkusTestResource(RetentionServiceMock.class)
class ActionPreviewTest {

    private static final String INSTANCES = "/api/v1/backup-instances/";

    private static int activityCount(UUID instance) {
        return given().get(INSTANCES + instance + "/activity").then().statusCode(200).extract().<List<?>>path("$").size();
    }

    @Test
    void aStopPreviewAnswersTheNextStateAndThePointsAndChangesNothing() {
        UUID instance = Api.protect(Api.createPolicy());
        int activity = activityCount(instance);

        given().contentType(ContentType.JSON).queryParam("preview", true)
                .body(Map.of("mode", "RETAIN_AS_PER_POLICY", "reason", "COST"))
                .post(INSTANCES + instance + "/stop-protection").then().statusCode(200)
                .body("action", equalTo("stop-protection (RETAIN_AS_PER_POLICY)"))
                .body("currentState", equalTo("PROTECTION_CONFIGURED"))
                .body("nextState", equalTo("BACKUPS_SUSPENDED"))
                .body("nextScheduledBackups", empty())
                .body("approval", nullValue())
                .body("recoveryPoints.points", hasSize(1))
                .body("recoveryPoints.totals[0].outcome", equalTo("KEPT"))
                .body("summary", containsString("PROTECTION_CONFIGURED → BACKUPS_SUSPENDED"));
        assertThat(RetentionServiceMock.impactsAsked(instance))
                .containsExactly(Map.of("action", "STOP_PROTECTION", "mode", "RETAIN_AS_PER_POLICY"));

        Api.get(instance).body("state", equalTo("PROTECTION_CONFIGURED")).body("nextBackupAt", notNullValue());
        assertThat(activityCount(instance)).isEqualTo(activity);
        // the real stop's command is the only one: the preview published none before it
        Api.stop(instance, "RETAIN_AS_PER_POLICY").statusCode(200);
        Commands.await(instance, ProtectionStopped.class, 1);
        assertThat(Commands.typesOf(instance)).containsOnlyOnce("ProtectionStopped");
    }

    @Test
    void aResumePreviewListsTheNextScheduledBackupsAndARefusedTransitionIsThe409OfTheAction() {
        UUID instance = Api.protect(Api.createPolicy());
        given().contentType(ContentType.JSON).queryParam("preview", true).post(INSTANCES + instance + "/resume-protection")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("PROTECTION_CONFIGURED"));

        Api.stop(instance, "RETAIN_FOREVER").statusCode(200);
        given().queryParam("preview", true).post(INSTANCES + instance + "/resume-protection").then().statusCode(200)
                .body("nextState", equalTo("PROTECTION_CONFIGURED"))
                .body("nextScheduledBackups", hasSize(ActionPreviews.NEXT_BACKUPS))
                .body("nextScheduledBackups[0]", containsString("T02:00:00Z"));
        Api.get(instance).body("state", equalTo("PROTECTION_STOPPED"));
    }

    @Test
    void deletePreviewsValidateAsTheActionDoesAndNeedItsRole() {
        String name = Api.unique("orders-preview");
        UUID instance = Api.protect(name, Api.createPolicy());
        given().contentType(ContentType.JSON).queryParam("preview", true)
                .body(Map.of("confirmName", "not-the-name", "reason", "DECOMMISSIONED"))
                .delete(INSTANCES + instance).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("confirmName")));
        given().auth().oauth2(TestTokens.forRoles("oscar", Roles.OPERATOR)).contentType(ContentType.JSON)
                .queryParam("preview", true).body(Map.of("confirmName", name, "reason", "DECOMMISSIONED"))
                .delete(INSTANCES + instance).then().statusCode(403);
        given().auth().oauth2(TestTokens.forRoles("oscar", Roles.OPERATOR)).contentType(ContentType.JSON)
                .queryParam("preview", true).body(Map.of("mode", "DELETE_DATA", "reason", "DECOMMISSIONED",
                        "confirmName", name))
                .post(INSTANCES + instance + "/stop-protection").then().statusCode(403);

        given().contentType(ContentType.JSON).queryParam("preview", true)
                .body(Map.of("confirmName", name, "reason", "DECOMMISSIONED"))
                .delete(INSTANCES + instance).then().statusCode(200)
                .body("nextState", equalTo("SOFT_DELETED")).body("refusal", nullValue());
        Api.get(instance).body("state", equalTo("PROTECTION_CONFIGURED"));

        // once deleted, the undelete previews: it would come back stopped
        given().contentType(ContentType.JSON).body(Map.of("confirmName", name, "reason", "DECOMMISSIONED"))
                .delete(INSTANCES + instance).then().statusCode(202);
        given().queryParam("preview", true).post("/api/v1/deleted-backup-instances/" + instance + "/undelete").then()
                .statusCode(200).body("currentState", equalTo("SOFT_DELETED"))
                .body("nextState", equalTo("PROTECTION_STOPPED"));
        Api.get(instance).body("state", equalTo("SOFT_DELETED"));
        assertThat(RetentionServiceMock.impactsAsked(instance)).extracting(m -> m.get("action"))
                .containsExactly("DELETE", "UNDELETE");
    }

    @Test
    void anImmutableVaultsRefusalAndMultiUserAuthorizationAreReportedNotActedOn() {
        String name = Api.unique("orders-preview-imm");
        UUID instance = Api.protect(name, Api.createPolicy());
        given().contentType(ContentType.JSON).body(Map.of("immutability", "ENABLED")).put("/api/v1/vault").then()
                .statusCode(200);
        try {
            RetentionServiceMock.keeps(instance, 1, "2027-02-22T02:00:00Z");
            Approvals.on();
            given().contentType(ContentType.JSON).queryParam("preview", true)
                    .body(Map.of("mode", "DELETE_DATA", "reason", "DECOMMISSIONED", "confirmName", name))
                    .post(INSTANCES + instance + "/stop-protection").then().statusCode(200)
                    .body("nextState", equalTo("DATA_DELETED"))
                    .body("refusal", containsString("RETAIN_AS_PER_POLICY"))
                    .body("approval", containsString("backup-approver"));
            given().queryParam("instanceId", instance).get("/api/v1/pending-operations").then().statusCode(200)
                    .body("$", empty());
        } finally {
            Approvals.off();
            given().contentType(ContentType.JSON).body(Map.of("immutability", "DISABLED")).put("/api/v1/vault").then()
                    .statusCode(200);
        }
        Api.get(instance).body("state", equalTo("PROTECTION_CONFIGURED"));
    }

    @Test
    void policyEditAndChangePolicyPreviewsWriteNoVersion() {
        UUID policy = Api.createPolicy();
        UUID instance = Api.protect(policy);
        Map<String, Object> edit = Api.policyBody(Api.unique("edited"), "R/2026-01-01T03:30:00Z/P1D");
        given().contentType(ContentType.JSON).queryParam("preview", true).body(edit)
                .put("/api/v1/backup-policies/" + policy).then().statusCode(200)
                .body("version", equalTo(1)).body("nextVersion", equalTo(2))
                .body("nextRuns[0]", containsString("T03:30:00Z"))
                .body("instances[0].instanceId", equalTo(instance.toString()))
                .body("instances[0].nextScheduledBackups[0]", containsString("T03:30:00Z"))
                .body("instances[0].recoveryPoints.points", hasSize(1));
        given().get("/api/v1/backup-policies/" + policy).then().body("version", equalTo(1));
        assertThat(RetentionServiceMock.impactsAsked(instance)).containsExactly(Map.of("action", "EDIT_POLICY"));

        UUID other = Api.createPolicy();
        given().contentType(ContentType.JSON).queryParam("preview", true).body(Map.of("policyId", other))
                .post(INSTANCES + instance + "/change-policy").then().statusCode(200)
                .body("nextState", equalTo("PROTECTION_CONFIGURED"))
                .body("nextScheduledBackups", hasSize(ActionPreviews.NEXT_BACKUPS));
        Api.get(instance).body("policy.id", equalTo(policy.toString()));
        given().contentType(ContentType.JSON).queryParam("preview", true)
                .body(Map.of("policyId", UUID.randomUUID())).post(INSTANCES + instance + "/change-policy")
                .then().statusCode(400).body("errors.field", equalTo(List.of("policyId")));
    }

    @Test
    void aVaultPreviewReadsTheFloorAndTheGracePeriodAndChangesNothing() {
        given().contentType(ContentType.JSON).queryParam("preview", true).body(Map.of("floor", 0))
                .put("/api/v1/vault").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("floor")));
        given().contentType(ContentType.JSON).queryParam("preview", true)
                .body(Map.of("softDeleteGracePeriod", "P30D", "floor", 2))
                .put("/api/v1/vault").then().statusCode(200)
                .body("next.gracePeriod", equalTo("P30D")).body("refusal", nullValue())
                .body("recoveryPoints.points", hasSize(1));
        given().get("/api/v1/vault").then().body("softDeleteGracePeriod", not(equalTo("P30D")));
    }
}
