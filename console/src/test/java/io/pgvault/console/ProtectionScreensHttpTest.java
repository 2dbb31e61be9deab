package io.pgvault.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The screens that protect the backups themselves (issue 13), with WireMock as instance-service: a protected
 * action's 202 shows as waiting for approval; Pending approvals offers Approve/Reject to an approver who did not
 * ask and Withdraw to the one who did, and shows the service's 403 as a message; the vault takes LOCK typed
 * before it locks and shows a 409 next to its field; deleted instances come back with Undelete.
 */
@QuarkusTest
@QuarkusTestResource(Peers.class)
class ProtectionScreensHttpTest {

    private static final String INSTANCE = "7d0c4c8e-3f43-4b5e-9a57-0d3d2f4a1b11";
    private static final String OP = "ebd79baf-8af4-4059-9ee6-5303f63eda21";
    private static final String PENDING = """
            {"id":"%s","operation":"STOP_PROTECTION_DELETE_DATA","instanceId":"%s","target":"billing-db",
             "summary":"stop protection of billing-db and delete all its recovery points (DECOMMISSIONED)","state":"PENDING",
             "requestedBy":"admin","requestedAt":"2026-12-01T12:42:10Z","expiresAt":"2026-12-02T12:42:10Z",
             "url":"/api/v1/pending-operations/%s"}""".formatted(OP, INSTANCE, OP);

    @BeforeEach
    void reset() {
        Peers.instance.resetAll();
        Peers.job.resetAll();
        Peers.retention.resetAll();
        Peers.instance.stubFor(get(urlPathEqualTo("/api/v1/backup-instances")).willReturn(json(200,
                "{\"items\":[{\"id\":\"" + INSTANCE + "\",\"name\":\"billing-db\"}],\"total\":1}")));
    }

    @Test
    void deleteBackupDataUnderMultiUserAuthorizationShowsWhatWaitsWhoAskedTheExpiryAndALink() {
        Peers.instance.stubFor(post(urlEqualTo("/api/v1/backup-instances/" + INSTANCE + "/stop-protection"))
                .willReturn(json(202, PENDING)));

        Response r = form(ConsoleHttpTest.token()).formParam("confirmName", "billing-db").formParam("reason", "DECOMMISSIONED")
                .post("/instances/" + INSTANCE + "/delete-data");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.header("HX-Retarget")).isEqualTo("#dialog-body");
        assertThat(r.asString()).contains("Waiting for approval")
                .contains("stop protection of billing-db and delete all its recovery points (DECOMMISSIONED)")
                .contains("admin, 2026-12-01 12:42:10 UTC").contains("2026-12-02 12:42:10 UTC")
                .contains("href=\"/approvals/" + OP + "\"").doesNotContain("state is now");
        Peers.instance.verify(postRequestedFor(urlEqualTo("/api/v1/backup-instances/" + INSTANCE + "/stop-protection"))
                .withRequestBody(equalToJson("{\"mode\":\"DELETE_DATA\",\"confirmName\":\"billing-db\",\"reason\":\"DECOMMISSIONED\"}",
                        true, true)));
    }

    @Test
    void unpinUnderMultiUserAuthorizationIsRequestedAtInstanceServiceAndShowsWhatWaits() {
        String point = "0b6f5a52-93c9-4d1e-8c3f-2a7f9e5d4c31";
        Peers.retention.stubFor(post(urlEqualTo("/api/v1/recovery-points/" + point + "/unpin")).willReturn(aResponse()
                .withStatus(409).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"status\":409,\"detail\":\"protected by multi-user authorization\","
                        + "\"setting\":\"multiUserAuthorization\"}")));
        Peers.instance.stubFor(post(urlEqualTo("/api/v1/pending-operations/recovery-points/" + point + "/unpin"))
                .willReturn(json(202, PENDING.replace("STOP_PROTECTION_DELETE_DATA", "UNPIN_RECOVERY_POINT")
                        .replace("stop protection of billing-db and delete all its recovery points (DECOMMISSIONED)",
                                "remove the pins of recovery point " + point))));

        Response r = form(ConsoleHttpTest.token()).post("/recovery-points/" + point + "/unpin");

        assertThat(r.asString()).contains("Waiting for approval").contains("remove the pins of recovery point " + point)
                .contains("href=\"/approvals/" + OP + "\"");
        Peers.instance.verify(postRequestedFor(urlEqualTo("/api/v1/pending-operations/recovery-points/" + point + "/unpin")));
    }

    @Test
    void anApproverMayApproveAnotherUsersRequestAndTheRequesterMayOnlyWithdrawIt() {
        Peers.instance.stubFor(get(urlPathEqualTo("/api/v1/pending-operations")).willReturn(json(200, "[" + PENDING + "]")));

        String asApprover = page(ConsoleHttpTest.token("carol", "backup-approver")).get("/approvals").asString();
        assertThat(asApprover).contains("billing-db").contains("/approvals/" + OP + "/approve").contains("/approvals/" + OP + "/reject")
                .doesNotContain("/withdraw").contains("carol · backup-approver");
        Peers.instance.verify(WireMock.getRequestedFor(urlEqualTo("/api/v1/pending-operations?size=200&state=PENDING")));

        String asRequester = page(ConsoleHttpTest.token("admin", "backup-admin")).get("/approvals").asString();
        assertThat(asRequester).contains("/approvals/" + OP + "/withdraw").doesNotContain("/approve\"");

        String ownAsApprover = page(ConsoleHttpTest.token("admin", "backup-admin", "backup-approver")).get("/approvals").asString();
        assertThat(ownAsApprover).contains("You asked for this: another backup-approver must decide")
                .doesNotContain("/approvals/" + OP + "/approve");
    }

    @Test
    void approvingOnesOwnRequestShowsTheServicesRefusalAsAMessage() {
        Peers.instance.stubFor(post(urlEqualTo("/api/v1/pending-operations/" + OP + "/approve")).willReturn(aResponse()
                .withStatus(403).withHeader("Content-Type", "application/problem+json").withBody("""
                        {"title":"Forbidden","status":403,
                         "detail":"you requested this operation: another backup-approver must approve it"}""")));

        Response r = form(ConsoleHttpTest.token("admin", "backup-admin", "backup-approver")).post("/approvals/" + OP + "/approve");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.asString()).contains("Not allowed").contains("another backup-approver must approve it").contains("role=\"alert\"");
    }

    @Test
    void anApprovalGoesToTheServiceWithItsCommentAndShowsTheOperation() {
        Peers.instance.stubFor(post(urlEqualTo("/api/v1/pending-operations/" + OP + "/approve"))
                .willReturn(json(200, PENDING.replace("\"PENDING\"", "\"APPROVED\""))));

        Response r = form(ConsoleHttpTest.token("carol", "backup-approver")).formParam("comment", "checked with billing")
                .post("/approvals/" + OP + "/approve");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("HX-Redirect")).startsWith("/approvals/" + OP + "?notice=Approved");
        Peers.instance.verify(postRequestedFor(urlEqualTo("/api/v1/pending-operations/" + OP + "/approve"))
                .withHeader("Authorization", WireMock.matching("Bearer .+"))
                .withRequestBody(equalToJson("{\"comment\":\"checked with billing\"}")));
    }

    @Test
    void lockingTheVaultTakesTheWordLockTypedAndNothingReachesTheServiceWithoutIt() {
        Peers.instance.stubFor(get(urlEqualTo("/api/v1/vault")).willReturn(json(200,
                "{\"immutability\":\"ENABLED\",\"multiUserAuthorization\":false,\"softDeleteGracePeriod\":\"P30D\"}")));

        Response r = form(ConsoleHttpTest.token()).formParam("immutability", "LOCKED").formParam("confirmLock", "lock")
                .formParam("softDeleteGracePeriod", "P30D").post("/vault");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.asString()).contains("id=\"v-confirm-lock-err\"").contains("a locked vault can never be unlocked");
        Peers.instance.verify(0, putRequestedFor(urlEqualTo("/api/v1/vault")));
    }

    @Test
    void aVaultConflictIsShownNextToItsFieldAndOnlyTheChangedSettingsAreSent() {
        Peers.instance.stubFor(get(urlEqualTo("/api/v1/vault")).willReturn(json(200,
                "{\"immutability\":\"ENABLED\",\"multiUserAuthorization\":false,\"softDeleteGracePeriod\":\"P30D\"}")));
        Peers.instance.stubFor(put(urlEqualTo("/api/v1/vault")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json").withBody("""
                        {"title":"Conflict","status":409,
                         "detail":"the vault is ENABLED: the soft-delete grace period can only grow (now P30D)",
                         "setting":"softDeleteGracePeriod","immutability":"ENABLED"}""")));

        Response r = form(ConsoleHttpTest.token()).formParam("immutability", "ENABLED").formParam("softDeleteGracePeriod", "P20D")
                .post("/vault");

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.asString()).contains("id=\"v-grace-err\"").contains("can only grow (now P30D)").contains("value=\"P20D\"");
        Peers.instance.verify(putRequestedFor(urlEqualTo("/api/v1/vault"))
                .withRequestBody(equalToJson("{\"softDeleteGracePeriod\":\"P20D\"}")));
    }

    @Test
    void aDeletedInstanceIsListedAndUndeleteBringsTheBrowserToIt() {
        Peers.instance.stubFor(get(urlEqualTo("/api/v1/deleted-backup-instances")).willReturn(json(200, """
                [{"instance":{"id":"%s","name":"billing-db","state":"SOFT_DELETED",
                              "datasource":{"host":"db1","port":5432,"username":"backup"}},
                  "deletedAt":"2026-12-01T12:42:11Z","deleteReason":"DECOMMISSIONED","softDeleteGracePeriod":"P30D",
                  "undeleteUrl":"/api/v1/deleted-backup-instances/%s/undelete"}]""".formatted(INSTANCE, INSTANCE))));
        Peers.instance.stubFor(post(urlEqualTo("/api/v1/deleted-backup-instances/" + INSTANCE + "/undelete"))
                .willReturn(json(200, "{\"id\":\"" + INSTANCE + "\",\"state\":\"PROTECTION_STOPPED\"}")));

        String list = page(ConsoleHttpTest.token()).get("/deleted-instances").asString();
        assertThat(list).contains("billing-db").contains("SOFT_DELETED").contains("Decommissioned").contains("P30D")
                .contains("hx-post=\"/deleted-instances/" + INSTANCE + "/undelete\"");
        assertThat(page(ConsoleHttpTest.token("rita", "backup-reader")).get("/deleted-instances").asString())
                .doesNotContain("/undelete\"");

        Response r = form(ConsoleHttpTest.token()).post("/deleted-instances/" + INSTANCE + "/undelete");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("HX-Redirect")).startsWith("/instances/" + INSTANCE + "?notice=Undeleted");
    }

    @Test
    void anUnknownPendingOperationsFilterIsTheServicesFourHundredNotAnError() {
        Peers.instance.stubFor(get(urlPathEqualTo("/api/v1/pending-operations")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"state: must be one of PENDING, APPROVED\"}")));

        Response r = page(ConsoleHttpTest.token()).queryParam("state", "NOPE").get("/approvals");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.asString()).contains("state: must be one of");
        Peers.job.verify(0, anyRequestedFor(WireMock.anyUrl()));
    }

    private static RequestSpecification page(String token) {
        return given().redirects().follow(false).cookie("pgvault-session", token);
    }

    /** A form post as htmx sends it from a page: the CSRF cookie and its token, and HX-Request. */
    private static RequestSpecification form(String token) {
        String[] csrf = ConsoleHttpTest.csrf();
        return page(token).cookie("pgvault-csrf", csrf[0]).header("X-CSRF-Token", csrf[1]).header("HX-Request", "true")
                .contentType("application/x-www-form-urlencoded; charset=UTF-8");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
