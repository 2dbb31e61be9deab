package io.pgvault.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class RequestsTest {

    static final String INSTANCE_ID = "612bb7d2-9bc8-4110-bf85-e52e5e8eaeb6";
    static final String POLICY_ID = "b73886cb-9c9a-4e5b-8159-fc4d3332a8b9";

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    /** TLS with WireMock's own self-signed certificate. */
    @RegisterExtension
    static WireMockExtension tls = WireMockExtension.newInstance()
            .options(wireMockConfig().httpDisabled(true).dynamicHttpsPort()).build();

    @TempDir
    Path config;

    private CliRun cli() {
        return CliRun.against(server.baseUrl(), config);
    }

    @Test
    void aRefusedRequestPrintsEachFieldErrorAndExits1() {
        server.stubFor(post("/api/v1/backup-policies").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Invalid request\",\"status\":400,"
                        + "\"detail\":\"schedule: fires too often; defaultRetention: too long\",\"instance\":\"/api/v1/backup-policies\","
                        + "\"errors\":[{\"field\":\"schedule\",\"message\":\"'*/10 * * * *' fires every PT10M, more often than the "
                        + "minimum interval PT1H\"},"
                        + "{\"field\":\"defaultRetention\",\"message\":\"'P11Y' is longer than the maximum P10Y\"}]}")));

        CliRun.Result r = cli().run("backup-policy", "create", "--name", "often", "--schedule", "*/10 * * * *",
                "--default-retention", "P11Y");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error: Invalid request (HTTP 400)")
                .contains("\n  schedule: '*/10 * * * *' fires every PT10M, more often than the minimum interval PT1H\n")
                .contains("\n  defaultRetention: 'P11Y' is longer than the maximum P10Y\n");
        assertThat(r.out()).isEmpty();
        server.verify(postRequestedFor(urlEqualTo("/api/v1/backup-policies"))
                .withRequestBody(equalToJson("{\"name\":\"often\",\"schedule\":\"*/10 * * * *\",\"defaultRetention\":\"P11Y\","
                        + "\"taggedRules\":[]}")));
    }

    @Test
    void aRefusedTransitionNamesTheCurrentState() {
        server.stubFor(post("/api/v1/backup-instances/" + INSTANCE_ID + "/backup").willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Action not allowed in this state\",\"status\":409,\"detail\":\"backup is not allowed in "
                        + "state BACKUPS_SUSPENDED; allowed in [PROTECTION_CONFIGURED]\",\"currentState\":\"BACKUPS_SUSPENDED\","
                        + "\"allowedStates\":[\"PROTECTION_CONFIGURED\"]}")));

        CliRun.Result r = cli().run("backup-instance", "adhoc-backup", INSTANCE_ID);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("error: backup is not allowed in state BACKUPS_SUSPENDED")
                .contains("  currentState: BACKUPS_SUSPENDED").contains("  allowedStates: PROTECTION_CONFIGURED");
    }

    @Test
    void anUnreachableServerExits3AndSaysWhereItLooked() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }

        CliRun.Result r = CliRun.against(null, config).env("PGVAULT_JOB_URL", "http://127.0.0.1:" + closed).run("job", "list");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("cannot reach job-service at http://127.0.0.1:" + closed).contains("PGVAULT_JOB_URL");
    }

    @Test
    void aServerWithACertificateNobodyTrustsIsRefusedWithExit3() {
        tls.stubFor(get(urlPathEqualTo("/api/v1/jobs")).willReturn(okJson("{\"items\":[]}")));
        String url = "https://localhost:" + tls.getRuntimeInfo().getHttpsPort();

        CliRun.Result r = CliRun.against(url, config).run("job", "list");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("cannot reach job-service at " + url);
        assertThat(tls.getAllServeEvents()).as("no request went through").isEmpty();
    }

    @Test
    void perServiceUrlsSendEachCallToItsService() {
        server.stubFor(get(urlPathEqualTo("/api/v1/jobs")).willReturn(okJson("{\"items\":[],\"nextCursor\":null}")));

        CliRun.Result r = CliRun.against(null, config).env("PGVAULT_JOB_URL", server.baseUrl())
                .env("PGVAULT_INSTANCE_URL", "http://127.0.0.1:1").run("job", "list", "--status", "failed", "--all");

        assertThat(r.exitCode()).as(r.err()).isZero();
        server.verify(getRequestedFor(urlEqualTo("/api/v1/jobs?status=FAILED&all=true")));
    }

    @Test
    void instancesAreFoundByNameAndShownForPeople() {
        server.stubFor(get(urlPathEqualTo("/api/v1/backup-instances")).withQueryParam("nameContains", equalTo("orders-db"))
                .willReturn(okJson("{\"items\":[{\"id\":\"00000000-0000-0000-0000-000000000009\",\"name\":\"orders-db-2\"},"
                        + "{\"id\":\"" + INSTANCE_ID + "\",\"name\":\"orders-db\"}],\"page\":0,\"size\":200,\"total\":2}")));
        server.stubFor(get("/api/v1/backup-instances/" + INSTANCE_ID).willReturn(okJson(instance("PROTECTION_CONFIGURED"))));

        CliRun.Result r = cli().run("backup-instance", "show", "orders-db");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Name:            orders-db\n").contains("State:           PROTECTION_CONFIGURED\n")
                .contains("Server:          backup@db1.internal:5432 (sslmode prefer)\n")
                .contains("Policy:          daily v2\n")
                .contains("Next backup:     2026-12-02T00:30:00Z (in 12 h)\n");
    }

    @Test
    void changingCommandsSendAnIdempotencyKeyAndPrintTheGeneratedOne() {
        server.stubFor(post("/api/v1/backup-instances/" + INSTANCE_ID + "/backup").willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"jobId\":\"b134d83f-fc63-4d4e-bdba-799a6c09681a\",\"status\":\"QUEUED\",\"jobUrl\":\"x\"}")));

        CliRun.Result generated = cli().run("backup-instance", "adhoc-backup", INSTANCE_ID);
        CliRun.Result given = cli().run("backup-instance", "adhoc-backup", INSTANCE_ID, "--idempotency-key", "nightly-42");

        assertThat(generated.exitCode()).as(generated.err()).isZero();
        assertThat(generated.err())
                .containsPattern("Idempotency-Key: [0-9a-f-]{36} \\(to retry safely: --idempotency-key [0-9a-f-]{36}\\)");
        assertThat(generated.out()).contains("accepted: job b134d83f-fc63-4d4e-bdba-799a6c09681a (QUEUED)")
                .contains("pgvault job watch b134d83f-fc63-4d4e-bdba-799a6c09681a");
        assertThat(given.err()).doesNotContain("Idempotency-Key");
        server.verify(postRequestedFor(urlEqualTo("/api/v1/backup-instances/" + INSTANCE_ID + "/backup"))
                .withHeader("Idempotency-Key", matching("[0-9a-f-]{36}")));
        server.verify(postRequestedFor(urlEqualTo("/api/v1/backup-instances/" + INSTANCE_ID + "/backup"))
                .withHeader("Idempotency-Key", equalTo("nightly-42")));
    }

    @Test
    void stopProtectionRetainForeverSendsTheRetainForeverMode() {
        server.stubFor(post("/api/v1/backup-instances/" + INSTANCE_ID + "/stop-protection")
                .willReturn(okJson(instance("PROTECTION_STOPPED"))));

        CliRun.Result r = cli().run("backup-instance", "stop-protection", INSTANCE_ID, "--retain", "forever", "--reason", "cost",
                "--comments", "saving");

        assertThat(r.exitCode()).as(r.err()).isZero();
        server.verify(postRequestedFor(urlEqualTo("/api/v1/backup-instances/" + INSTANCE_ID + "/stop-protection"))
                .withRequestBody(equalToJson("{\"mode\":\"RETAIN_FOREVER\",\"reason\":\"COST\",\"comments\":\"saving\"}")));
    }

    @Test
    void deleteInAScriptSendsTheConfirmedNameReasonAndComments() {
        server.stubFor(delete("/api/v1/backup-instances/" + INSTANCE_ID).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody(instance("SOFT_DELETED"))));

        CliRun.Result r = cli().run("backup-instance", "delete", INSTANCE_ID, "--reason", "DECOMMISSIONED",
                "--comments", "server retired", "--confirm-name", "orders-db", "-o", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"state\" : \"SOFT_DELETED\"");
        server.verify(deleteRequestedFor(urlEqualTo("/api/v1/backup-instances/" + INSTANCE_ID))
                .withRequestBody(equalToJson(
                        "{\"confirmName\":\"orders-db\",\"reason\":\"DECOMMISSIONED\",\"comments\":\"server retired\"}")));
    }

    @Test
    void onATerminalDeleteDataAsksForTheNameAndStopsOnAnotherOne() {
        server.stubFor(get("/api/v1/backup-instances/" + INSTANCE_ID).willReturn(okJson(instance("PROTECTION_CONFIGURED"))));

        CliRun.Result r = cli().terminal("orders").run("backup-instance", "delete-data", INSTANCE_ID, "--reason", "COST");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("the name typed is not 'orders-db': nothing was changed");
        server.verify(0, postRequestedFor(urlPathEqualTo("/api/v1/backup-instances/" + INSTANCE_ID + "/stop-protection")));
    }

    @Test
    void onATerminalDeleteDataSendsTheTypedName() {
        server.stubFor(get("/api/v1/backup-instances/" + INSTANCE_ID).willReturn(okJson(instance("PROTECTION_CONFIGURED"))));
        server.stubFor(post("/api/v1/backup-instances/" + INSTANCE_ID + "/stop-protection").willReturn(okJson(instance("DATA_DELETED"))));

        CliRun.Result r = cli().terminal("orders-db").run("backup-instance", "delete-data", INSTANCE_ID, "--reason", "COST");

        assertThat(r.exitCode()).as(r.err()).isZero();
        server.verify(postRequestedFor(urlEqualTo("/api/v1/backup-instances/" + INSTANCE_ID + "/stop-protection"))
                .withRequestBody(equalToJson("{\"mode\":\"DELETE_DATA\",\"reason\":\"COST\",\"confirmName\":\"orders-db\"}")));
    }

    @Test
    void policyUpdateKeepsWhatIsNotGivenAndRemovesARuleWithNone() {
        server.stubFor(get("/api/v1/backup-policies").willReturn(okJson("[{\"id\":\"" + POLICY_ID + "\",\"name\":\"daily\"}]")));
        server.stubFor(get("/api/v1/backup-policies/" + POLICY_ID).willReturn(okJson("{\"id\":\"" + POLICY_ID + "\",\"name\":\"daily\","
                + "\"schedule\":\"0 2 * * *\",\"timeZone\":\"Europe/Berlin\",\"defaultRetention\":\"P30D\",\"version\":1,"
                + "\"taggedRules\":[{\"tag\":\"WEEKLY\",\"duration\":\"P12W\"},{\"tag\":\"YEARLY\",\"duration\":\"P10Y\"}]}")));
        server.stubFor(put("/api/v1/backup-policies/" + POLICY_ID).willReturn(okJson("{\"id\":\"" + POLICY_ID + "\",\"version\":2}")));

        CliRun.Result r = cli().run("backup-policy", "update", "daily", "--schedule", "30 1 * * *", "--weekly", "none",
                "--monthly", "p12m");

        assertThat(r.exitCode()).as(r.err()).isZero();
        server.verify(putRequestedFor(urlEqualTo("/api/v1/backup-policies/" + POLICY_ID)).withRequestBody(equalToJson(
                "{\"name\":\"daily\",\"schedule\":\"30 1 * * *\",\"timeZone\":\"Europe/Berlin\",\"defaultRetention\":\"P30D\","
                        + "\"taggedRules\":[{\"tag\":\"YEARLY\",\"duration\":\"P10Y\"},{\"tag\":\"MONTHLY\",\"duration\":\"P12M\"}]}")));
    }

    @Test
    void anUnknownNameIsRefusedWithExit1() {
        server.stubFor(get("/api/v1/backup-policies").willReturn(okJson("[]")));

        CliRun.Result r = cli().run("backup-policy", "show", "nightly");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no backup policy is named 'nightly'");
    }

    static String instance(String state) {
        return "{\"id\":\"" + INSTANCE_ID + "\",\"name\":\"orders-db\",\"state\":\"" + state + "\","
                + "\"datasource\":{\"host\":\"db1.internal\",\"port\":5432,\"username\":\"backup\",\"databases\":[\"orders\"],"
                + "\"sslMode\":\"prefer\"},\"policy\":{\"id\":\"" + POLICY_ID + "\",\"name\":\"daily\",\"version\":2},"
                + "\"nextBackupAt\":\"2026-12-02T00:30:00Z\",\"lastBackup\":null,\"activeBackupJobId\":null,\"recoveryPoints\":3,"
                + "\"stop\":null,\"createdAt\":\"2026-11-25T11:34:30Z\",\"updatedAt\":\"2026-11-25T11:34:30Z\"}";
    }
}
