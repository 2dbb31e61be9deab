package io.pgvault.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FollowJobsTest {

    static final String INSTANCE_ID = RequestsTest.INSTANCE_ID;
    static final String JOB_ID = "e8344b4a-c738-47c3-a6c3-329d36da8c9d";
    static final String JOB = "/api/v1/jobs/" + JOB_ID;

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path config;

    private CliRun cli() {
        return CliRun.against(server.baseUrl(), config);
    }

    static String job(String status, int percent, long bytes) {
        boolean ended = !status.equals("IN_PROGRESS");
        return "{\"id\":\"" + JOB_ID + "\",\"instanceId\":\"" + INSTANCE_ID + "\",\"instanceName\":\"orders-db\","
                + "\"operation\":\"BACKUP\",\"trigger\":\"ON_DEMAND\",\"status\":\"" + status + "\",\"percent\":" + percent
                + ",\"bytes\":" + bytes + ",\"createdAt\":\"2026-12-01T11:59:50Z\",\"startedAt\":\"2026-12-01T11:59:51Z\","
                + "\"finishedAt\":" + (ended ? "\"2026-12-01T11:59:59Z\"" : "null") + ",\"durationMs\":" + (ended ? 8000 : 4000)
                + (status.equals("FAILED") ? ",\"errorCode\":\"HOST_UNREACHABLE\"" : "") + "}";
    }

    @Test
    void waitTreatsTheFirst404AsQueuedAndEndsWithTheJobsOutcome() {
        server.stubFor(post("/api/v1/backup-instances/" + INSTANCE_ID + "/backup").willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"jobId\":\"" + JOB_ID + "\",\"status\":\"QUEUED\",\"jobUrl\":\"http://127.0.0.1:8082" + JOB + "\"}")));
        String notFound = "{\"title\":\"Not found\",\"status\":404,\"detail\":\"job " + JOB_ID + " does not exist\"}";
        server.stubFor(get(JOB).inScenario("job").whenScenarioStateIs(STARTED).willSetStateTo("known")
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json").withBody(notFound)));
        server.stubFor(get(JOB).inScenario("job").whenScenarioStateIs("known").willSetStateTo("running")
                .willReturn(okJson(job("IN_PROGRESS", 40, 1_048_576))));
        server.stubFor(get(JOB).inScenario("job").whenScenarioStateIs("running")
                .willReturn(okJson(job("COMPLETED", 100, 2_621_440))));

        CliRun.Result r = cli().run("backup-instance", "adhoc-backup", INSTANCE_ID, "--wait");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("job " + JOB_ID + ": QUEUED (waiting for job-service to pick it up…)")
                .contains("job " + JOB_ID + ": BACKUP IN_PROGRESS  40%  1.0 MiB")
                .contains("job " + JOB_ID + ": BACKUP COMPLETED 100%  2.5 MiB");
        assertThat(r.out()).containsPattern("Status: +COMPLETED\n").containsPattern("Size: +2.5 MiB\n");
        server.verify(3, getRequestedFor(urlEqualTo(JOB)));
    }

    @Test
    void waitExits1WhenTheJobFails() {
        server.stubFor(post("/api/v1/backup-instances/" + INSTANCE_ID + "/backup").willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"jobId\":\"" + JOB_ID + "\",\"status\":\"QUEUED\"}")));
        server.stubFor(get(JOB).willReturn(okJson(job("FAILED", 0, 0).replace("\"errorCode\":\"HOST_UNREACHABLE\"",
                "\"error\":{\"code\":\"HOST_UNREACHABLE\",\"message\":\"db1:5432 is unreachable\","
                        + "\"recommendation\":\"Check the instance's host and port.\"}"))));

        CliRun.Result r = cli().run("backup-instance", "adhoc-backup", INSTANCE_ID, "--wait");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).containsPattern("Error: +HOST_UNREACHABLE: db1:5432 is unreachable\n")
                .contains("Recommendation: Check the instance's host and port.\n");
    }

    @Test
    void watchFollowsTheInstancesEventStreamUntilTheJobCompletes() {
        server.stubFor(get(JOB).willReturn(okJson(job("IN_PROGRESS", 10, 1024))));
        String other = job("IN_PROGRESS", 99, 5).replace(JOB_ID, "00000000-0000-0000-0000-00000000000f");
        server.stubFor(get(urlPathEqualTo("/api/v1/jobs/stream")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody(": a comment\n\n"
                        + "data:" + other + "\n\n"
                        + "data:" + job("IN_PROGRESS", 60, 3_145_728) + "\n\n"
                        + "data:" + job("COMPLETED", 100, 5_242_880) + "\n\n")));

        CliRun.Result r = cli().run("job", "watch", JOB_ID);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("BACKUP IN_PROGRESS  60%  3.0 MiB").contains("BACKUP COMPLETED 100%  5.0 MiB")
                .doesNotContain(" 99%");
        assertThat(r.out()).containsPattern("Status: +COMPLETED\n");
        server.verify(getRequestedFor(urlEqualTo("/api/v1/jobs/stream?instanceId=" + INSTANCE_ID)));
    }

    @Test
    void watchExits1WhenTheStreamSaysTheJobFailed() {
        server.stubFor(get(JOB).willReturn(okJson(job("IN_PROGRESS", 10, 1024))));
        server.stubFor(get(urlPathEqualTo("/api/v1/jobs/stream")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody("data:" + job("FAILED", 10, 1024) + "\n\n")));

        CliRun.Result r = cli().run("job", "watch", JOB_ID, "-o", "json");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"status\" : \"FAILED\"").contains("\"errorCode\" : \"HOST_UNREACHABLE\"");
    }

    @Test
    void watchOnATerminalDrawsAProgressBar() {
        server.stubFor(get(JOB).willReturn(okJson(job("IN_PROGRESS", 10, 1024))));
        server.stubFor(get(urlPathEqualTo("/api/v1/jobs/stream")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody("data:" + job("IN_PROGRESS", 50, 10_485_760) + "\n\n"
                        + "data:" + job("COMPLETED", 100, 20_971_520) + "\n\n")));

        CliRun.Result r = cli().env("NO_COLOR", "1").terminal().run("job", "watch", JOB_ID);

        assertThat(r.exitCode()).as(r.err()).isZero();
        // Redrawn in place; 10 MiB in 9 s since the start (11:59:51 to the tests' 12:00:00) is 1.1 MiB/s.
        assertThat(r.err()).contains("\r[############............]  50%  10.0 MiB  1.1 MiB/s  00:09  BACKUP orders-db IN_PROGRESS")
                .contains("\r[########################] 100%  20.0 MiB  2.5 MiB/s  00:08  BACKUP orders-db COMPLETED");
    }

    @Test
    void aJobThatJobServiceNeverKnowsEndsTheWatchWithExit1() {
        server.stubFor(get(JOB).willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Not found\",\"status\":404,\"detail\":\"job " + JOB_ID + " does not exist\"}")));

        CliRun.Result r = cli().run("job", "watch", JOB_ID);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("job " + JOB_ID + " does not exist at job-service (still unknown after 60 polls");
        server.verify(61, getRequestedFor(urlEqualTo(JOB)));
    }
}
