package io.pgvault.job.reaper;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.job.Jobs;
import io.pgvault.job.SignedInAsAdmin;
import io.pgvault.job.SourceDatabases;
import io.pgvault.platform.json.Json;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Never stuck: jobs whose service died are failed as INTERRUPTED and their partial points removed. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@ExtendWith(SignedInAsAdmin.class)
class ReaperTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void onlyAnExpiredLeaseIsReapedAndTheDeadRestoreLosesOnlyTheDatabasesAndFilesItMade() throws Exception {
        UUID instance = UUID.randomUUID();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String own = "reaped_own_" + suffix;
        String foreign = "reaped_foreign_" + suffix;
        UUID deadRestore = UUID.randomUUID();
        UUID deadFiles = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));

        // What a restore killed half-way leaves: a database it created (still carrying its comment), and a
        // database of the same kind of name that it did not create (someone else's: no such comment).
        PgVaultTestResource.createDatabaseIfMissing(own);
        PgVaultTestResource.createDatabaseIfMissing(foreign);
        try (Connection c = SourceDatabases.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("comment on database " + own + " is 'pgvault-restore:" + deadRestore + "'");
            s.execute("comment on database " + foreign + " is 'pgvault-restore:" + UUID.randomUUID() + "'");
        }
        RestoreRequested intoDatabases = Jobs.restore(instance, UUID.randomUUID(), Jobs.newDatabase(own));
        // A restore as files killed half-way: its staging directory next to the target.
        String directory = "reaper-" + suffix + "/files";
        Path staging = Jobs.RESTORES.resolve(directory).resolveSibling(".partial-" + deadFiles);
        Files.createDirectories(staging);
        Files.writeString(staging.resolve("db-1.dump.zst"), "half a copy");
        RestoreRequested asFiles = Jobs.restore(instance, UUID.randomUUID(), RestoreTarget.files(directory));

        try (Connection c = SourceDatabases.connect("pgvault_job")) {
            // Both dead: heartbeat and lease an hour old.
            insertRunning(c, deadRestore, instance, Json.write(mapper, intoDatabases), longAgo, longAgo, "replica-gone",
                    Json.write(mapper, List.of(own, foreign)));
            insertRunning(c, deadFiles, instance, Json.write(mapper, asFiles), longAgo, longAgo, "replica-gone", null);
            // Alive on another replica: its last heartbeat is old, but its lease runs for another hour.
            insertRunning(c, alive, instance, Json.write(mapper, intoDatabases), longAgo,
                    Instant.now().plus(Duration.ofHours(1)), "replica-alive", null);
        }
        try {
            JsonPath reaped = Jobs.awaitStatus(deadRestore, "FAILED");
            assertThat(reaped.getString("error.code")).isEqualTo("INTERRUPTED");
            assertThat(reaped.getString("error.message")).contains("replica-gone").contains("lease expired");
            assertThat(Jobs.awaitStatus(deadFiles, "FAILED").getString("error.code")).isEqualTo("INTERRUPTED");
            // The same reaper pass saw the live lease and left that job running, with its owner.
            JsonPath running = given().get("/api/v1/jobs/" + alive).then().statusCode(200).extract().jsonPath();
            assertThat(running.getString("status")).isEqualTo("IN_PROGRESS");
            assertThat(running.getString("owner")).isEqualTo("replica-alive");
            assertThat(Instant.parse(running.getString("leaseExpiresAt"))).isAfter(Instant.now());

            await().atMost(Duration.ofSeconds(20)).until(() -> !SourceDatabases.exists(own));
            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(staging));
            await().atMost(Duration.ofSeconds(20)).until(() -> debrisPending(deadRestore) == 0 && debrisPending(deadFiles) == 0);
            assertThat(SourceDatabases.exists(foreign)).as("a database the job did not create is kept").isTrue();
            assertThat(Files.exists(Jobs.RESTORES.resolve(directory).getParent())).isTrue();
        } finally {
            try (Connection c = SourceDatabases.connect("pgvault_job");
                    PreparedStatement delete = c.prepareStatement("delete from job where id = ?")) {
                delete.setObject(1, alive);
                delete.executeUpdate();
            }
            try (Connection c = SourceDatabases.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + foreign);
                s.execute("drop database if exists " + own);
            }
        }
    }

    private static void insertRunning(Connection c, UUID id, UUID instance, String request, Instant heartbeat,
            Instant leaseExpiresAt, String owner, String targetDatabases) throws Exception {
        try (PreparedStatement insert = c.prepareStatement("insert into job (id, instance_id, instance_name, operation,"
                + " trigger, status, recovery_point_id, request, created_at, started_at, heartbeat_at, owner,"
                + " lease_expires_at, target_databases) values (?, ?, 'crashed', 'RESTORE', 'ON_DEMAND', 'IN_PROGRESS',"
                + " ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setObject(2, instance);
            insert.setObject(3, UUID.randomUUID());
            insert.setString(4, request);
            insert.setTimestamp(5, Timestamp.from(heartbeat));
            insert.setTimestamp(6, Timestamp.from(heartbeat));
            insert.setTimestamp(7, Timestamp.from(heartbeat));
            insert.setString(8, owner);
            insert.setTimestamp(9, Timestamp.from(leaseExpiresAt));
            insert.setString(10, targetDatabases);
            insert.executeUpdate();
        }
    }

    private static int debrisPending(UUID id) throws Exception {
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement select = c.prepareStatement("select count(*) from job where id = ? and debris_pending")) {
            select.setObject(1, id);
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
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
}
