package io.pgvault.job.runner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.job.Jobs;
import io.pgvault.job.SignedInAsAdmin;
import io.pgvault.job.SourceDatabases;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A user cancels a running backup: its pg_dump stops, its partial point goes, the live stream shows it. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@ExtendWith(SignedInAsAdmin.class)
class CancellationTest {

    @Inject
    ObjectMapper mapper;

    @TestHTTPResource("/api/v1/jobs/stream")
    URL stream;

    @Test
    void cancellingARunningBackupStopsPgDumpRemovesThePartialPointAndIsStreamedLive() throws Exception {
        UUID instance = UUID.randomUUID();
        String db = "cancel_" + UUID.randomUUID().toString().substring(0, 8);
        PgVaultTestResource.createDatabaseIfMissing(db);
        try (Connection locker = SourceDatabases.connect(db)) {
            try (Statement s = locker.createStatement()) {
                s.execute("create table blocked (id int)");
            }
            // pg_dump waits for this lock, so the job stays IN_PROGRESS until cancelled.
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("lock table blocked in access exclusive mode");
            }

            List<String> received = new CopyOnWriteArrayList<>();
            HttpClient http = HttpClient.newHttpClient();
            // subscribed (response headers received) before the command is sent, so no update is missed
            HttpResponse<Stream<String>> live = http.sendAsync(HttpRequest.newBuilder(URI.create(stream + "?instanceId="
                    + instance)).header("Accept", "text/event-stream").header("Authorization", SignedInAsAdmin.bearer()).build(),
                    HttpResponse.BodyHandlers.ofLines())
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            java.util.concurrent.CompletableFuture.runAsync(() -> live.body().forEach(received::add));

            BackupRequested command = Jobs.backup(instance, Jobs.testServer(db));
            Jobs.send(mapper, command);
            Jobs.awaitStatus(command.jobId(), "IN_PROGRESS");
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingDumps(db) == 1);
            Path instanceDir = Jobs.STORE.resolve(instance.toString());
            try (Stream<Path> partial = Files.list(instanceDir)) {
                assertThat(partial.map(p -> p.getFileName().toString())).singleElement()
                        .satisfies(name -> assertThat(name).startsWith(".partial-"));
            }
            // The live stream reports the job as soon as it is recorded, then running (heartbeats) before the cancel ...
            await().atMost(Duration.ofSeconds(20)).until(() -> received.stream()
                    .anyMatch(line -> line.contains(command.jobId().toString()) && line.contains("QUEUED")));
            await().atMost(Duration.ofSeconds(20)).until(() -> received.stream()
                    .anyMatch(line -> line.contains(command.jobId().toString()) && line.contains("IN_PROGRESS")));

            given().post("/api/v1/jobs/" + command.jobId() + "/cancel").then().statusCode(200)
                    .body("status", equalTo("CANCELLED"));

            JsonPath job = Jobs.awaitStatus(command.jobId(), "CANCELLED");
            assertThat(job.getString("error.code")).isEqualTo("CANCELLED");
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingDumps(db) == 0);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Jobs.assertNoPointStored(instance));
            // ... and its cancellation.
            await().atMost(Duration.ofSeconds(20)).until(() -> received.stream()
                    .anyMatch(line -> line.contains(command.jobId().toString()) && line.contains("CANCELLED")));
            // A finished job cannot be cancelled again: 409 naming its state.
            JsonPath refused = given().post("/api/v1/jobs/" + command.jobId() + "/cancel").then().statusCode(409)
                    .contentType("application/problem+json").extract().jsonPath();
            assertThat(Jobs.currentState(refused)).isEqualTo("CANCELLED");
            List<ConsumerRecord<String, String>> events = KafkaProbe.awaitForInstance(Topics.JOB_EVENTS, instance, 2);
            assertThat(events).extracting(KafkaProbe::type)
                    .containsExactly("io.pgvault.JobStarted", "io.pgvault.JobFailed");
            assertThat(mapper.readTree(events.get(1).value()).get("errorCode").asText()).isEqualTo("CANCELLED");
            locker.rollback();
        }
    }

    private static int waitingDumps(String db) throws Exception {
        try (Connection c = SourceDatabases.connect("postgres");
                PreparedStatement ps = c.prepareStatement("select count(*) from pg_stat_activity where datname = ?"
                        + " and application_name = 'pgvault' and wait_event_type = 'Lock'")) {
            ps.setString(1, db);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
