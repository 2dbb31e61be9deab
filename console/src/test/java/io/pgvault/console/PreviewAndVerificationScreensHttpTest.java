package io.pgvault.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 in the console, with WireMock peers: each destructive dialog fetches the action's {@code ?preview=true}
 * with the chosen mode or policy and shows the totals, next state, next backups and each point (a refusal inline);
 * a recovery point's Verify now and its evidence; a VERIFY job's page; the policy form's verify setting.
 */
@QuarkusTest
@QuarkusTestResource(Peers.class)
class PreviewAndVerificationScreensHttpTest {

    private static final String INSTANCE = "7d0c4c8e-3f43-4b5e-9a57-0d3d2f4a1b11";
    private static final String POINT = "a7840657-1111-4e5e-9a57-0d3d2f4a1b22";
    private static final String POLICY = "0b8f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
    private static final String JOB = "cb955153-d0b7-43f7-8b8c-325733065e13";
    private static final String IMPACT = """
            {"floor":1,"gracePeriod":"P14D","immutability":"DISABLED","refusal":null,"truncated":false,
             "points":[{"recoveryPointId":"%s","outcome":"GETS_HOLD_LATEST","date":"2027-02-06T14:45:18Z","changed":true,
                        "summary":"gets hold LATEST"},
                       {"recoveryPointId":"ce3a303b-2222-4e5e-9a57-0d3d2f4a1b33","outcome":"DELETED_AT_FIRST_SWEEP_AFTER",
                        "date":"2027-02-03T15:45:18Z","changed":false,"summary":"deleted at the first sweep"}],
             "totals":[{"outcome":"GETS_HOLD_LATEST","count":1,"bytes":2048,"summary":"1 point(s)"},
                       {"outcome":"DELETED_AT_FIRST_SWEEP_AFTER","count":1,"bytes":44,"summary":"1 point(s)"}]}"""
            .formatted(POINT);
    private static final String STOP_PREVIEW = """
            {"action":"stop-protection (RETAIN_AS_PER_POLICY)","currentState":"PROTECTION_CONFIGURED",
             "nextState":"BACKUPS_SUSPENDED","nextScheduledBackups":[],"approval":null,"refusal":null,
             "summary":"stop-protection (RETAIN_AS_PER_POLICY): PROTECTION_CONFIGURED → BACKUPS_SUSPENDED; 1 point(s) gets hold LATEST",
             "recoveryPoints":%s}""".formatted(IMPACT);

    @BeforeEach
    void reset() {
        Peers.instance.resetAll();
        Peers.job.resetAll();
        Peers.retention.resetAll();
        Peers.instance.stubFor(get(urlEqualTo("/api/v1/backup-instances/" + INSTANCE)).willReturn(json(200, """
                {"id":"%s","name":"billing-db","state":"PROTECTION_CONFIGURED","recoveryPoints":2,
                 "policy":{"id":"%s","name":"daily","version":1},"datasource":{"host":"db1","port":5432,"username":"backup"}}"""
                .formatted(INSTANCE, POLICY))));
    }

    @Test
    void everyDestructiveDialogFetchesItsPreviewWhenItOpensAndWhenItsChoiceChanges() {
        for (String dialog : new String[] {"change-policy", "stop", "delete-data", "resume", "delete"}) {
            if ("change-policy".equals(dialog)) {
                Peers.instance.stubFor(get(urlEqualTo("/api/v1/backup-policies")).willReturn(json(200, "{\"items\":[]}")));
            }
            String html = page(ConsoleHttpTest.token()).header("HX-Request", "true").get("/instances/" + INSTANCE + "/dialogs/" + dialog)
                    .asString();
            assertThat(html).as(dialog).contains("hx-get=\"/instances/" + INSTANCE + "/preview/" + dialog + "\"")
                    .contains("hx-trigger=\"load, change from:closest form\"").contains("hx-include=\"closest form\"");
        }
    }

    @Test
    void theStopPreviewSendsTheChosenModeAndShowsSummaryTotalsNextStateAndEachPoint() {
        Peers.instance.stubFor(post(urlEqualTo("/api/v1/backup-instances/" + INSTANCE + "/stop-protection?preview=true"))
                .willReturn(json(200, STOP_PREVIEW)));

        Response r = page(ConsoleHttpTest.token()).queryParam("mode", "RETAIN_AS_PER_POLICY").queryParam("reason", "")
                .get("/instances/" + INSTANCE + "/preview/stop");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.asString()).contains("What this will do")
                .contains("PROTECTION_CONFIGURED → BACKUPS_SUSPENDED; 1 point(s) gets hold LATEST")
                .contains("<strong id=\"preview-next-state\">BACKUPS_SUSPENDED</strong>").contains("Next backups: none")
                .contains("<td>GETS_HOLD_LATEST</td><td>1</td><td>2.0 KiB</td>")
                .contains("<td>DELETED_AT_FIRST_SWEEP_AFTER</td><td>1</td><td>44 B</td>")
                .contains("a7840657: GETS_HOLD_LATEST, 2027-02-06 14:45:18 UTC (changed)")
                .contains("ce3a303b: DELETED_AT_FIRST_SWEEP_AFTER, 2027-02-03 15:45:18 UTC");
        Peers.instance.verify(postRequestedFor(urlEqualTo("/api/v1/backup-instances/" + INSTANCE + "/stop-protection?preview=true"))
                .withRequestBody(equalToJson("{\"mode\":\"RETAIN_AS_PER_POLICY\",\"reason\":\"DECOMMISSIONED\"}", true, true)));
    }

    @Test
    void theStopPreviewWithoutAModeAsksForOneAndCallsNoService() {
        String html = page(ConsoleHttpTest.token()).get("/instances/" + INSTANCE + "/preview/stop").asString();

        assertThat(html).contains("Choose Retain forever or Retain as per policy");
        Peers.instance.verify(0, anyRequestedFor(urlEqualTo("/api/v1/backup-instances/" + INSTANCE + "/stop-protection?preview=true")));
    }

    @Test
    void aRefusedPreviewIsShownInlineAsTheActionsRefusalWouldBe() {
        Peers.instance.stubFor(WireMock.request("DELETE", urlEqualTo("/api/v1/backup-instances/" + INSTANCE + "?preview=true"))
                .willReturn(problem(409, "{\"title\":\"Conflict\",\"status\":409,"
                        + "\"detail\":\"the vault is ENABLED: 2 recovery points are kept until 2027-03-01\"}")));
        Peers.instance.stubFor(post(urlEqualTo("/api/v1/backup-instances/" + INSTANCE + "/change-policy?preview=true"))
                .willReturn(problem(400, "{\"title\":\"Bad Request\",\"status\":400,"
                        + "\"errors\":[{\"field\":\"policyId\",\"message\":\"no such policy\"}]}")));

        Response deleting = page(ConsoleHttpTest.token()).get("/instances/" + INSTANCE + "/preview/delete");
        assertThat(deleting.statusCode()).isEqualTo(200);
        assertThat(deleting.asString()).contains("role=\"alert\"").contains("Preview refused: the vault is ENABLED: 2 recovery points");
        Peers.instance.verify(deleteRequestedFor(urlEqualTo("/api/v1/backup-instances/" + INSTANCE + "?preview=true"))
                .withRequestBody(equalToJson("{\"confirmName\":\"billing-db\",\"reason\":\"DECOMMISSIONED\"}", true, true)));

        assertThat(page(ConsoleHttpTest.token()).queryParam("policyId", "0b8f").get("/instances/" + INSTANCE + "/preview/change-policy")
                .asString()).contains("Preview refused: policyId: no such policy");
    }

    @Test
    void thePreviewsOfUndeleteUnpinAPolicyEditAndTheVaultGoToTheirServicesWithPreviewTrue() {
        Peers.instance.stubFor(post(urlEqualTo("/api/v1/deleted-backup-instances/" + INSTANCE + "/undelete?preview=true"))
                .willReturn(json(200, STOP_PREVIEW.replace("BACKUPS_SUSPENDED", "PROTECTION_STOPPED"))));
        Peers.retention.stubFor(delete(urlEqualTo("/api/v1/recovery-points/" + POINT + "/pin?preview=true")).willReturn(json(200, IMPACT)));
        Peers.instance.stubFor(put(urlEqualTo("/api/v1/backup-policies/" + POLICY + "?preview=true")).willReturn(json(200, """
                {"policyId":"%s","name":"daily","version":1,"nextVersion":2,"summary":"editing daily makes version 2",
                 "instances":[{"instanceId":"%s","name":"billing-db","state":"PROTECTION_CONFIGURED",
                   "nextScheduledBackups":["2026-12-02T02:00:00Z"],"recoveryPoints":%s}]}""".formatted(POLICY, INSTANCE, IMPACT))));
        Peers.instance.stubFor(get(urlEqualTo("/api/v1/vault")).willReturn(json(200,
                "{\"immutability\":\"DISABLED\",\"multiUserAuthorization\":false,\"softDeleteGracePeriod\":\"P30D\"}")));
        Peers.instance.stubFor(put(urlEqualTo("/api/v1/vault?preview=true")).willReturn(json(200, """
                {"current":{"softDeleteGracePeriod":"P30D"},"next":{"softDeleteGracePeriod":"P14D"},
                 "summary":"the grace period becomes P14D","recoveryPoints":%s}""".formatted(IMPACT))));

        assertThat(page(ConsoleHttpTest.token()).get("/deleted-instances/" + INSTANCE + "/preview").asString())
                .contains("<strong id=\"preview-next-state\">PROTECTION_STOPPED</strong>");
        assertThat(page(ConsoleHttpTest.token()).get("/recovery-points/" + POINT + "/preview/unpin").asString())
                .contains("<td>GETS_HOLD_LATEST</td><td>1</td><td>2.0 KiB</td>");
        assertThat(page(ConsoleHttpTest.token()).queryParam("name", "daily").queryParam("schedule", "0 2 * * *")
                .queryParam("defaultRetention", "P7D").queryParam("verifyEvery", "OFF")
                .get("/policies/" + POLICY + "/preview").asString())
                .contains("editing daily makes version 2").contains("daily v1 → v2")
                .contains("billing-db (PROTECTION_CONFIGURED): next backups 2026-12-02 02:00:00 UTC; 1 point(s), 2.0 KiB GETS_HOLD_LATEST");
        assertThat(page(ConsoleHttpTest.token()).queryParam("immutability", "DISABLED").queryParam("softDeleteGracePeriod", "P14D")
                .get("/vault/preview").asString()).contains("the grace period becomes P14D")
                .contains("softDeleteGracePeriod P30D → P14D");

        Peers.instance.verify(putRequestedFor(urlEqualTo("/api/v1/backup-policies/" + POLICY + "?preview=true"))
                .withRequestBody(equalToJson(
                        "{\"name\":\"daily\",\"defaultRetention\":\"P7D\",\"verify\":{\"every\":\"OFF\",\"target\":null}}", true, true)));
        Peers.instance.verify(putRequestedFor(urlEqualTo("/api/v1/vault?preview=true"))
                .withRequestBody(equalToJson("{\"softDeleteGracePeriod\":\"P14D\"}")));
        Peers.retention.verify(deleteRequestedFor(urlEqualTo("/api/v1/recovery-points/" + POINT + "/pin?preview=true")));
    }

    @Test
    void verifyNowQueuesAVerifyJobAtJobServiceAndTheEvidenceShowsOnThePoint() {
        Peers.job.stubFor(post(urlEqualTo("/api/v1/recovery-points/" + POINT + "/verify"))
                .willReturn(json(202, "{\"id\":\"" + JOB + "\",\"operation\":\"VERIFY\",\"status\":\"QUEUED\"}")));
        Peers.retention.stubFor(get(urlEqualTo("/api/v1/recovery-points/" + POINT)).willReturn(json(200, """
                {"id":"%s","instanceId":"%s","state":"LIVE","tag":"DEFAULT","sizeBytes":44,"holds":[],
                 "explanation":{"verdict":"KEPT","summary":"kept","verification":"Verified at 2026-12-01T15:36:22Z by job %s"},
                 "verification":{"outcome":"VERIFIED","jobId":"%s","finishedAt":"2026-12-01T15:36:22Z","durationMillis":902,
                   "target":"127.0.0.1:5432","tables":[{"database":"app","schema":"public","name":"MixedCase Orders",
                   "sourceRows":3000,"restoredRows":3000,"digestMatches":true}],"mismatches":[],
                   "warnings":["pg_restore: warning: errors ignored on restore: 0"]}}""".formatted(POINT, INSTANCE, JOB, JOB))));

        String asOperator = page(ConsoleHttpTest.token("olga", "backup-operator")).get("/recovery-points/" + POINT).asString();
        assertThat(asOperator).contains("hx-post=\"/recovery-points/" + POINT + "/verify\"").contains("Verify now")
                .contains("<strong id=\"verification-outcome\">VERIFIED</strong> at 2026-12-01 15:36:22 UTC by job <a href=\"/jobs/" + JOB)
                .contains("in 0.9 s").contains("<td>app: public.MixedCase Orders</td><td>3000</td><td>3000</td><td>matches</td>")
                .contains("pg_restore: warning: errors ignored on restore: 0");
        assertThat(page(ConsoleHttpTest.token("rita", "backup-reader")).get("/recovery-points/" + POINT).asString())
                .doesNotContain("/verify\"").contains("VERIFIED");

        Response r = form(ConsoleHttpTest.token("olga", "backup-operator")).post("/recovery-points/" + POINT + "/verify");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("HX-Redirect")).startsWith("/recovery-points/" + POINT + "?notice=Verification+queued%3A+job+" + JOB);
        Peers.job.verify(postRequestedFor(urlEqualTo("/api/v1/recovery-points/" + POINT + "/verify"))
                .withHeader("Authorization", WireMock.matching("Bearer .+")));
    }

    @Test
    void aFailedVerificationShowsItsMismatchesOnThePointAndOnTheVerifyJobsPage() {
        String evidence = """
                {"outcome":"FAILED","jobId":"%s","finishedAt":"2026-12-01T15:36:22Z","durationMillis":1500,"target":"127.0.0.1:5432",
                 "tables":[{"database":"app","schema":"public","name":"items","sourceRows":6000,"restoredRows":5999,"digestMatches":false}],
                 "mismatches":["app: table public.items: 6000 rows recorded, 5999 restored"],"warnings":[]}""".formatted(JOB);
        Peers.retention.stubFor(get(urlEqualTo("/api/v1/recovery-points/" + POINT)).willReturn(json(200, """
                {"id":"%s","instanceId":"%s","state":"LIVE","holds":[],"explanation":{"verdict":"KEPT"},"verification":%s}"""
                .formatted(POINT, INSTANCE, evidence))));
        Peers.job.stubFor(get(urlEqualTo("/api/v1/jobs/" + JOB)).willReturn(json(200, """
                {"id":"%s","operation":"VERIFY","trigger":"ON_DEMAND","status":"FAILED","recoveryPointId":"%s","durationMs":1500,
                 "error":{"code":"VERIFICATION_FAILED","message":"app: table public.items: 6000 rows recorded, 5999 restored"},
                 "verification":%s}""".formatted(JOB, POINT, evidence))));

        assertThat(page(ConsoleHttpTest.token()).get("/recovery-points/" + POINT).asString())
                .contains("<strong id=\"verification-outcome\">FAILED</strong>")
                .contains("<td>app: public.items</td><td>6000</td><td>5999</td><td>differs or not compared</td>")
                .contains("app: table public.items: 6000 rows recorded, 5999 restored");
        assertThat(page(ConsoleHttpTest.token()).get("/jobs/" + JOB).asString()).contains("Verify job")
                .contains("id=\"job-verification\">Verification: <strong>FAILED</strong>, 1 table(s)")
                .contains("VERIFICATION_FAILED");
    }

    @Test
    void thePolicyFormSendsTheVerifySettingAndShowsItsFieldErrorNextToIt() {
        Peers.instance.stubFor(post(urlEqualTo("/api/v1/backup-policies")).willReturn(problem(400, """
                {"title":"Bad Request","status":400,
                 "errors":[{"field":"verify.every","message":"at least a day (P1D), or EVERY_BACKUP or OFF"}]}""")));

        Response r = form(ConsoleHttpTest.token()).formParam("name", "often").formParam("schedule", "0 2 * * *")
                .formParam("defaultRetention", "P30D").formParam("verifyEvery", "DURATION").formParam("verifyDuration", "PT1H")
                .formParam("verifyTarget", "embedded").post("/policies");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.asString()).contains("id=\"pol-verify-every-err\">at least a day (P1D), or EVERY_BACKUP or OFF")
                .contains("value=\"PT1H\"").contains("<option value=\"DURATION\" selected>");
        Peers.instance.verify(postRequestedFor(urlEqualTo("/api/v1/backup-policies"))
                .withRequestBody(equalToJson("{\"verify\":{\"every\":\"PT1H\",\"target\":\"embedded\"}}", true, true)));

        Peers.instance.stubFor(get(urlEqualTo("/api/v1/backup-policies/" + POLICY)).willReturn(json(200, """
                {"id":"%s","name":"daily","schedule":"0 2 * * *","timeZone":"UTC","defaultRetention":"P30D","taggedRules":[],
                 "verify":{"every":"EVERY_BACKUP","target":"embedded"},"version":3}""".formatted(POLICY))));
        String edit = page(ConsoleHttpTest.token()).header("HX-Request", "true").get("/policies/" + POLICY + "/edit").asString();
        assertThat(edit).contains("<option value=\"EVERY_BACKUP\" selected>")
                .contains("id=\"pol-verify-target\" name=\"verifyTarget\" value=\"embedded\"")
                .contains("hx-get=\"/policies/" + POLICY + "/preview\"");
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

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder problem(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json").withBody(body);
    }
}
