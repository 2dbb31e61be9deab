package io.pgvault.job.runner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.job.Jobs;
import io.pgvault.job.SignedInAsAdmin;
import io.pgvault.job.SourceDatabases;
import io.pgvault.job.client.RetentionServiceMock;
import io.pgvault.job.store.OwnerOnly;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The parallel data paths: a server's databases dumped concurrently, and restores from a local, seekable copy of
 * each dump with {@code pg_restore --jobs}; the copy is private while it exists and gone once the restore ended,
 * whatever the ending. Its own profile (3 dumps at once, 3 restore jobs) restarts the application once.
 */
@QuarkusTest
@TestProfile(WithParallelDumpsAndRestoresTest.Parallel.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@QuarkusTestResource(RetentionServiceMock.class)
@ExtendWith(SignedInAsAdmin.class)
class WithParallelDumpsAndRestoresTest {

    public static class Parallel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pgvault.job.dump-parallelism", "3", "pgvault.job.restore.jobs", "3");
        }
    }

    @Inject
    ObjectMapper mapper;

    @Test
    void aServersDatabasesAreDumpedConcurrentlyAndEachRestoresExactly() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<String> sources = List.of("pa_" + suffix, "pb_" + suffix, "pc_" + suffix);
        for (String source : sources) {
            SourceDatabases.createMixed(source);
        }
        UUID instance = UUID.randomUUID();
        BackupRequested backup = Jobs.backup(instance, Jobs.testServer(sources.toArray(String[]::new)));
        try (Connection locker = SourceDatabases.connect(sources.get(0))) {
            // The first database's dump waits for this lock: dumped one after another, none of the others would start.
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("lock table items in access exclusive mode");
            }
            Jobs.send(mapper, backup);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonPath job = given().get("/api/v1/jobs/" + backup.jobId()).then().statusCode(200).extract().jsonPath();
                assertThat(job.getList("subTasks.status"))
                        .containsExactly("COMPLETED", "IN_PROGRESS", "COMPLETED", "COMPLETED");
            });
            locker.rollback();
        }
        JsonPath done = Jobs.awaitStatus(backup.jobId(), "COMPLETED");
        assertThat(done.getList("subTasks.database")).containsExactly(null, sources.get(0), sources.get(1),
                sources.get(2));
        UUID point = UUID.fromString(done.getString("recoveryPointId"));
        // The manifest in the plan's order, whatever order the dumps ended in.
        Path manifest = Jobs.STORE.resolve(instance.toString()).resolve(point.toString()).resolve("manifest.json");
        List<String> dumps = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode artifact : mapper.readTree(manifest.toFile()).get("artifacts")) {
            if ("DATABASE".equals(artifact.get("kind").asText())) {
                dumps.add(artifact.get("name").asText() + " " + artifact.get("database").asText());
            }
        }
        assertThat(dumps).containsExactly("db-1.dump.zst " + sources.get(0), "db-2.dump.zst " + sources.get(1),
                "db-3.dump.zst " + sources.get(2));

        String target = "pr_" + suffix;
        RestoreRequested restore = Jobs.restore(instance, point, Jobs.newDatabase(target));
        Jobs.send(mapper, restore);
        Jobs.awaitStatus(restore.jobId(), "COMPLETED");
        for (String source : sources) {
            assertThat(SourceDatabases.fingerprint(target + "_" + source)).isEqualTo(SourceDatabases.fingerprint(source));
        }
        assertThat(LocalCopies.directoryOf(Jobs.PRIVATE, restore.jobId())).doesNotExist();
    }

    @Test
    void theLocalCopyIsPrivateWhileTheRestoreRunsAndGoneAfterSuccessFailureAndCancel() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String source = "lc_" + suffix;
        String owner = "lc_owner_" + suffix;
        SourceDatabases.createMixed(source);
        try (Connection c = SourceDatabases.connect(source); Statement s = c.createStatement()) {
            s.execute("create role " + owner);
            s.execute("create table owned (id int primary key)");
            s.execute("insert into owned select generate_series(1, 100)");
            s.execute("alter table owned owner to " + owner);
        }
        UUID instance = UUID.randomUUID();
        UUID withOwner = backup(instance, source);
        try (Connection c = SourceDatabases.connect(source); Statement s = c.createStatement()) {
            s.execute("alter table owned owner to current_user");
            s.execute("drop role " + owner);
        }
        UUID point = backup(instance, source);

        // Success: the copy exists while CREATE DATABASE waits, private, a seekable (decompressed) archive.
        String target = "lc_ok_" + suffix;
        RestoreRequested ok = Jobs.restore(instance, point, Jobs.newDatabase(target));
        try (Connection locker = lockDatabaseCreation()) {
            Jobs.send(mapper, ok);
            Path copy = awaitLocalCopy(ok.jobId(), target);
            assertThat(Files.getPosixFilePermissions(copy.getParent())).isEqualTo(OwnerOnly.DIRECTORY);
            assertThat(Files.getPosixFilePermissions(copy)).isEqualTo(OwnerOnly.FILE);
            assertThat(copy.getFileName().toString()).isEqualTo("db-1.dump");
            try (InputStream in = Files.newInputStream(copy)) {
                assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
            }
            locker.rollback();
        }
        Jobs.awaitStatus(ok.jobId(), "COMPLETED");
        assertThat(LocalCopies.directoryOf(Jobs.PRIVATE, ok.jobId())).doesNotExist();
        assertThat(SourceDatabases.fingerprint(target)).isEqualTo(SourceDatabases.fingerprint(source));

        // Failure after the copy: pg_restore stops at the missing owner.
        RestoreRequested failing = Jobs.restore(instance, withOwner, Jobs.newDatabase("lc_fail_" + suffix));
        try (Connection locker = lockDatabaseCreation()) {
            Jobs.send(mapper, failing);
            awaitLocalCopy(failing.jobId(), "lc_fail_" + suffix);
            locker.rollback();
        }
        JsonPath failed = Jobs.awaitStatus(failing.jobId(), "FAILED");
        assertThat(failed.getString("error.code")).as(failed.getString("error.message")).isEqualTo("ROLE_MISSING");
        assertThat(LocalCopies.directoryOf(Jobs.PRIVATE, failing.jobId())).doesNotExist();
        assertThat(SourceDatabases.exists("lc_fail_" + suffix)).isFalse();

        // Cancel while the copy exists.
        RestoreRequested cancelled = Jobs.restore(instance, point, Jobs.newDatabase("lc_cancel_" + suffix));
        try (Connection locker = lockDatabaseCreation()) {
            Jobs.send(mapper, cancelled);
            awaitLocalCopy(cancelled.jobId(), "lc_cancel_" + suffix);
            given().post("/api/v1/jobs/" + cancelled.jobId() + "/cancel").then().statusCode(200);
            Jobs.awaitStatus(cancelled.jobId(), "CANCELLED");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !Files.exists(LocalCopies.directoryOf(Jobs.PRIVATE, cancelled.jobId())));
            // The killed psql's backend notices within client_connection_check_interval (1 s) and stops waiting.
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingCreates("lc_cancel_" + suffix) == 0);
            locker.rollback();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !SourceDatabases.exists("lc_cancel_" + suffix));
    }

    private UUID backup(UUID instance, String source) throws Exception {
        BackupRequested command = Jobs.backup(instance, Jobs.testServer(source));
        Jobs.send(mapper, command);
        return UUID.fromString(Jobs.awaitStatus(command.jobId(), "COMPLETED").getString("recoveryPointId"));
    }

    /**
     * A session whose share lock on pg_database makes CREATE DATABASE wait (connections go on) until it rolls back:
     * a restore then waits with its local copy made.
     */
    private static Connection lockDatabaseCreation() throws Exception {
        Connection locker = SourceDatabases.connect("postgres");
        locker.setAutoCommit(false);
        try (Statement s = locker.createStatement()) {
            s.execute("lock table pg_catalog.pg_database in share mode");
        }
        return locker;
    }

    /** The restore's local copy, once it is complete (the restore waits on CREATE DATABASE). */
    private static Path awaitLocalCopy(UUID jobId, String database) {
        Path directory = LocalCopies.directoryOf(Jobs.PRIVATE, jobId);
        await().atMost(Duration.ofSeconds(60)).until(() -> waitingCreates(database) >= 1);
        try (Stream<Path> files = Files.list(directory)) {
            return files.findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new AssertionError("no local copy in " + directory, e);
        }
    }

    private static int waitingCreates(String database) throws Exception {
        try (Connection c = SourceDatabases.connect("postgres");
                java.sql.PreparedStatement ps = c.prepareStatement("select count(*) from pg_stat_activity"
                        + " where wait_event_type = 'Lock' and query ilike 'create database%' and query like ?")) {
            ps.setString(1, "%" + database + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
