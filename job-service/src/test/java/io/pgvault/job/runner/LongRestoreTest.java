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
import io.pgvault.job.client.InjectRetentionHolds;
import io.pgvault.job.client.RetentionHolds;
import io.pgvault.job.client.RetentionServiceMock;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A restore that takes longer than its hold's lease keeps the hold: job-service renews it with every
 * heartbeat while the restore runs, and releases it at the end.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@QuarkusTestResource(RetentionServiceMock.class)
@ExtendWith(SignedInAsAdmin.class)
class LongRestoreTest {

    @Inject
    ObjectMapper mapper;

    @InjectRetentionHolds
    RetentionHolds retention;

    @Test
    void theRestoreHoldIsRenewedWhileARestoreWaitsOnALockAndReleasedAtTheEnd() throws Exception {
        UUID instance = UUID.randomUUID();
        String source = "long_src_" + UUID.randomUUID().toString().substring(0, 8);
        String target = "long_dst_" + UUID.randomUUID().toString().substring(0, 8);
        PgVaultTestResource.createDatabaseIfMissing(source);
        try (Connection c = SourceDatabases.connect(source); Statement s = c.createStatement()) {
            s.execute("create table t (id int primary key, v text)");
            s.execute("insert into t select g, 'v' || g from generate_series(1, 100) g");
        }
        BackupRequested backup = Jobs.backup(instance, Jobs.testServer(source));
        Jobs.send(mapper, backup);
        UUID point = UUID.fromString(Jobs.awaitStatus(backup.jobId(), "COMPLETED").getString("recoveryPointId"));

        RestoreRequested restore = Jobs.restore(instance, point, Jobs.newDatabase(target));
        try (Connection locker = SourceDatabases.connect("postgres")) {
            // CREATE DATABASE needs a row lock on pg_database; this share lock makes the restore wait for as
            // long as the test holds it (connections, which only read pg_database, go on).
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("lock table pg_catalog.pg_database in share mode");
            }
            Jobs.send(mapper, restore);
            Jobs.awaitStatus(restore.jobId(), "IN_PROGRESS");
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingCreates() >= 1);
            // Claimed by this replica, which holds its lease.
            JsonPath running = given().get("/api/v1/jobs/" + restore.jobId()).then().statusCode(200).extract().jsonPath();
            assertThat(running.getString("owner")).isNotBlank();
            assertThat(Instant.parse(running.getString("leaseExpiresAt"))).isAfter(Instant.now());
            RetentionHolds.Hold hold = retention.takenBy(restore.jobId());
            // Heartbeats every second in tests: the hold is renewed, each time by its full lease, while it waits.
            await().atMost(Duration.ofSeconds(30)).until(() -> retention.renewals(hold).size() >= 3);
            assertThat(retention.renewals(hold)).allSatisfy(lease -> assertThat(lease).isEqualTo(hold.leaseSeconds()));
            assertThat(retention.released(hold)).isFalse();
            // The job's row named the database before it was created.
            assertThat(targetDatabases(restore.jobId())).contains(target);
            locker.rollback();

            JsonPath job = Jobs.awaitStatus(restore.jobId(), "COMPLETED");
            assertThat(job.getString("recoveryPointId")).isEqualTo(point.toString());
            await().atMost(Duration.ofSeconds(10)).until(() -> retention.released(hold));
            int renewed = retention.renewals(hold).size();
            // Released: no renewal after the end (the next heartbeats find no running restore).
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> retention.renewals(hold).size() == renewed);
        }
        // A completed restore's database no longer carries the job's mark: nothing will ever drop it as debris.
        try (Connection c = SourceDatabases.connect("postgres");
                PreparedStatement ps = c.prepareStatement(
                        "select shobj_description(oid, 'pg_database') from pg_database where datname = ?")) {
            ps.setString(1, target);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isNull();
            }
        }
        assertThat(SourceDatabases.fingerprintOf(target, "t")).isEqualTo(SourceDatabases.fingerprintOf(source, "t"));
    }

    private static int waitingCreates() throws Exception {
        try (Connection c = SourceDatabases.connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                        + " and query ilike '%create database%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String targetDatabases(UUID jobId) throws Exception {
        try (Connection c = SourceDatabases.connect("pgvault_job");
                PreparedStatement ps = c.prepareStatement("select target_databases from job where id = ?")) {
            ps.setObject(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
