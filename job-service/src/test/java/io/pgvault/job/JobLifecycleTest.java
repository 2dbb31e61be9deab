package io.pgvault.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.common.Datasource;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.ServerSocket;
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
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Errors a user can act on, idempotence, cancel with the live stream, and the reaper. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
class JobLifecycleTest {

    @Inject
    ObjectMapper mapper;

    @TestHTTPResource("/api/v1/jobs/stream")
    URL stream;

    @Test
    void anUnreachableServerFailsTheJobWithAnActionableErrorAndJobFailed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        UUID instance = UUID.randomUUID();
        BackupRequested command = Jobs.backup(instance,
                new Datasource("127.0.0.1", closedPort, "backup", List.of("orders"), null));
        Jobs.send(mapper, command);
        JsonPath job = Jobs.awaitStatus(command.jobId(), "FAILED");
        assertThat(job.getString("error.code")).isEqualTo("HOST_UNREACHABLE");
        assertThat(job.getString("error.message")).contains("127.0.0.1:" + closedPort).contains("Connection refused");
        assertThat(job.getString("error.recommendation")).contains("host and port");
        assertThat(job.getString("recoveryPointId")).isNull();

        List<ConsumerRecord<String, String>> events = KafkaProbe.awaitForInstance(Topics.JOB_EVENTS, instance, 2);
        assertThat(events).extracting(KafkaProbe::type).containsExactly("io.pgvault.JobStarted", "io.pgvault.JobFailed");
        JsonNode failed = mapper.readTree(events.get(1).value());
        assertThat(failed.get("errorCode").asText()).isEqualTo("HOST_UNREACHABLE");
        assertThat(failed.get("jobId").asText()).isEqualTo(command.jobId().toString());
        assertNoPointStored(instance);
    }

    @Test
    void aMissingDatabaseFailsWithDatabaseMissingAndLeavesNoPartialPoint() throws Exception {
        UUID instance = UUID.randomUUID();
        String existing = "present_" + UUID.randomUUID().toString().substring(0, 8);
        PgVaultTestResource.createDatabaseIfMissing(existing);
        BackupRequested command = Jobs.backup(instance, Jobs.testServer(existing, "no_such_db"));
        Jobs.send(mapper, command);
        JsonPath job = Jobs.awaitStatus(command.jobId(), "FAILED");
        assertThat(job.getString("error.code")).isEqualTo("DATABASE_MISSING");
        assertThat(job.getString("error.message")).contains("\"no_such_db\"");
        assertThat(job.getList("subTasks.status")).containsExactly("COMPLETED", "COMPLETED", "FAILED");
        assertNoPointStored(instance);
    }

    @Test
    void aRedeliveredCommandCreatesNothingNew() throws Exception {
        UUID instance = UUID.randomUUID();
        String db = "redelivery_" + UUID.randomUUID().toString().substring(0, 8);
        PgVaultTestResource.createDatabaseIfMissing(db);
        BackupRequested command = Jobs.backup(instance, Jobs.testServer(db));
        Jobs.send(mapper, command);
        Jobs.awaitStatus(command.jobId(), "COMPLETED");
        // The same message again, and another message for the same job id (a retried publish).
        Jobs.send(mapper, command);
        Jobs.send(mapper, new BackupRequested(UUID.randomUUID(), instance, command.occurredAt(), command.jobId(),
                command.trigger(), command.instanceName(), command.datasource(), command.policy()));
        // A later command of the same instance (same partition): once its job exists, the two before were handled.
        BackupRequested marker = Jobs.backup(instance, Jobs.testServer(db));
        Jobs.send(mapper, marker);
        Jobs.awaitStatus(marker.jobId(), "COMPLETED");

        given().get("/api/v1/jobs?instanceId=" + instance).then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.containsInAnyOrder(command.jobId().toString(),
                        marker.jobId().toString()));
        List<ConsumerRecord<String, String>> events = KafkaProbe.awaitForInstance(Topics.JOB_EVENTS, instance, 4);
        assertThat(events.stream().filter(r -> r.value().contains(command.jobId().toString())))
                .extracting(KafkaProbe::type).containsExactly("io.pgvault.JobStarted", "io.pgvault.JobSucceeded");
        try (Stream<Path> points = Files.list(Jobs.STORE.resolve(instance.toString()))) {
            assertThat(points).hasSize(2);
        }
    }

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
                    + instance)).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
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
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertNoPointStored(instance));
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

    @Test
    void theReaperFailsAJobWhoseServiceDiedAndRemovesItsPartialPoint() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID jobId = UUID.randomUUID();
        UUID pointId = UUID.randomUUID();
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        // What a killed job-service leaves behind: a running job with an old heartbeat, and its partial point.
        Path partial = Jobs.STORE.resolve(instance.toString()).resolve(".partial-" + pointId);
        Files.createDirectories(partial);
        Files.writeString(partial.resolve("db-1.dump.zst"), "half a dump");
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement insert = c.prepareStatement("insert into job (id, instance_id, instance_name,"
                        + " operation, trigger, status, recovery_point_id, request, created_at, started_at, heartbeat_at)"
                        + " values (?, ?, 'crashed', 'BACKUP', 'SCHEDULED', 'IN_PROGRESS', ?, '{}', ?, ?, ?)")) {
            insert.setObject(1, jobId);
            insert.setObject(2, instance);
            insert.setObject(3, pointId);
            insert.setTimestamp(4, Timestamp.from(longAgo));
            insert.setTimestamp(5, Timestamp.from(longAgo));
            insert.setTimestamp(6, Timestamp.from(longAgo));
            insert.executeUpdate();
        }
        JsonPath job = Jobs.awaitStatus(jobId, "FAILED");
        assertThat(job.getString("error.code")).isEqualTo("INTERRUPTED");
        assertThat(job.getString("error.recommendation")).contains("partial artifacts were removed");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(partial));
        List<ConsumerRecord<String, String>> events = KafkaProbe.awaitForInstance(Topics.JOB_EVENTS, instance, 1);
        assertThat(KafkaProbe.type(events.get(0))).isEqualTo("io.pgvault.JobFailed");
        assertThat(mapper.readTree(events.get(0).value()).get("errorCode").asText()).isEqualTo("INTERRUPTED");
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

    private static void assertNoPointStored(UUID instance) throws Exception {
        Path dir = Jobs.STORE.resolve(instance.toString());
        if (Files.exists(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                assertThat(entries).isEmpty();
            }
        }
        assertThat(TestInfra.pgHost()).isNotNull();
    }
}
