package io.pgvault.job.runner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.job.Jobs;
import io.pgvault.job.SignedInAsAdmin;
import io.pgvault.job.SourceDatabases;
import io.pgvault.job.client.InjectRetentionHolds;
import io.pgvault.job.client.RetentionHolds;
import io.pgvault.job.client.RetentionServiceMock;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client tools never wait without bound: pg_dump's lock wait ends in LOCK_TIMEOUT naming the table,
 * and a job past its maximum duration is stopped with its whole process tree. Its own profile (short
 * limits) restarts the application once.
 */
@QuarkusTest
@TestProfile(WithShortTimeoutsTest.ShortTimeouts.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@QuarkusTestResource(RetentionServiceMock.class)
@ExtendWith(SignedInAsAdmin.class)
class WithShortTimeoutsTest {

    /** The tools job-service runs; any of them still alive under this JVM after its job ended is a leak. */
    private static final Set<String> TOOLS = Set.of("pg_dump", "pg_dumpall", "pg_restore", "psql");

    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // And a tiny inline limit: every manifest here travels by reference.
            return Map.of("pgvault.job.lock-wait-timeout", "2s", "pgvault.job.max-duration.restore", "4s",
                    "pgvault.job.manifest-inline-limit", "200");
        }
    }

    @Inject
    ObjectMapper mapper;

    @InjectRetentionHolds
    RetentionHolds retention;

    @Test
    void aTableLockedAccessExclusiveFailsTheBackupWithLockTimeoutNamingTheTable() throws Exception {
        UUID instance = UUID.randomUUID();
        String db = "locked_" + UUID.randomUUID().toString().substring(0, 8);
        PgVaultTestResource.createDatabaseIfMissing(db);
        try (Connection locker = SourceDatabases.connect(db)) {
            try (Statement s = locker.createStatement()) {
                s.execute("create table \"Orders 2026\" (id int)");
                s.execute("create table free (id int)");
            }
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("lock table \"Orders 2026\" in access exclusive mode");
            }
            BackupRequested command = Jobs.backup(instance, Jobs.testServer(db));
            Jobs.send(mapper, command);
            JsonPath job = Jobs.awaitStatus(command.jobId(), "FAILED");
            assertThat(job.getString("error.code")).as(job.getString("error.message")).isEqualTo("LOCK_TIMEOUT");
            assertThat(job.getString("error.message")).contains("public.\"Orders 2026\"");
            assertThat(job.getString("error.recommendation")).contains("pgvault.job.lock-wait-timeout");
            Jobs.assertNoPointStored(instance);
            locker.rollback();
        }
    }

    @Test
    void aRestorePastItsMaximumDurationIsStoppedWithItsProcessesAndTheirBackend() throws Exception {
        UUID instance = UUID.randomUUID();
        String source = "slow_src_" + UUID.randomUUID().toString().substring(0, 8);
        String target = "slow_dst_" + UUID.randomUUID().toString().substring(0, 8);
        PgVaultTestResource.createDatabaseIfMissing(source);
        try (Connection c = SourceDatabases.connect(source); Statement s = c.createStatement()) {
            s.execute("create table t (id int)");
        }
        BackupRequested backup = Jobs.backup(instance, Jobs.testServer(source));
        Jobs.send(mapper, backup);
        UUID point = UUID.fromString(Jobs.awaitStatus(backup.jobId(), "COMPLETED").getString("recoveryPointId"));

        RestoreRequested restore = Jobs.restore(instance, point, Jobs.newDatabase(target));
        try (Connection locker = SourceDatabases.connect("postgres")) {
            // CREATE DATABASE waits on this lock for longer than the restore may run (4 s).
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("lock table pg_catalog.pg_database in share mode");
            }
            Jobs.send(mapper, restore);
            JsonPath job = Jobs.awaitStatus(restore.jobId(), "FAILED");
            assertThat(job.getString("error.code")).as(job.getString("error.message")).isEqualTo("MAX_DURATION_EXCEEDED");
            assertThat(job.getString("error.message")).contains("PT4S").contains("pgvault.job.max-duration.restore");
            // No tool survives its job, and neither does the server session it started (psql sends no cancel
            // itself: the backend notices its client has gone), so the database will never appear.
            await().atMost(Duration.ofSeconds(15)).until(() -> toolsStillRunning().isEmpty());
            await().atMost(Duration.ofSeconds(15)).until(() -> waitingCreates() == 0);
            RetentionHolds.Hold hold = retention.takenBy(restore.jobId());
            await().atMost(Duration.ofSeconds(10)).until(() -> retention.released(hold));
            locker.rollback();
        }
        assertThat(SourceDatabases.exists(target)).isFalse();
    }

    @Test
    void aManifestAboveTheInlineLimitTravelsAsAReferenceWithTheStoredFilesDigest() throws Exception {
        UUID instance = UUID.randomUUID();
        String db = "byref_" + UUID.randomUUID().toString().substring(0, 8);
        PgVaultTestResource.createDatabaseIfMissing(db);
        BackupRequested backup = Jobs.backup(instance, Jobs.testServer(db));
        Jobs.send(mapper, backup);
        UUID point = UUID.fromString(Jobs.awaitStatus(backup.jobId(), "COMPLETED").getString("recoveryPointId"));

        List<ConsumerRecord<String, String>> events = KafkaProbe.awaitForInstance(Topics.JOB_EVENTS, instance, 2);
        JobSucceeded succeeded = mapper.readValue(events.get(1).value(), JobSucceeded.class);
        assertThat(succeeded.manifest()).isNull();
        Path stored = Jobs.STORE.resolve(instance.toString()).resolve(point.toString()).resolve("manifest.json");
        assertThat(succeeded.manifestRef().location()).isEqualTo(instance + "/" + point + "/manifest.json");
        assertThat(succeeded.manifestRef().sha256()).isEqualTo(BackupAndRestoreTest.sha256(stored));
        assertThat(succeeded.manifestRef().bytes()).isEqualTo(Files.size(stored)).isGreaterThan(200);
        // The job itself still shows the whole manifest.
        assertThat(given().get("/api/v1/jobs/" + backup.jobId()).then().statusCode(200).extract().jsonPath()
                .getList("manifest.artifacts")).isNotEmpty();
    }

    private static List<String> toolsStillRunning() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().map(c -> Path.of(c).getFileName().toString()).orElse(""))
                .filter(TOOLS::contains)
                .toList();
    }

    private static int waitingCreates() throws Exception {
        try (Connection c = SourceDatabases.connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                        + " and query ilike '%create database%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
