package io.pgvault.job.runner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.RestoreRequested;
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
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real thing: a source database of many types on the test PostgreSQL, BackupRequested on the
 * real topic, real pg_dump into the store, restores into a new database and into files.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@QuarkusTestResource(RetentionServiceMock.class)
@ExtendWith(SignedInAsAdmin.class)
class BackupAndRestoreTest {

    /** A database name that needs quoting everywhere. */
    static final String SOURCE = "Sales \"EU\" db's-" + UUID.randomUUID().toString().substring(0, 8);
    static final UUID INSTANCE = UUID.randomUUID();
    private static volatile UUID point;

    @Inject
    ObjectMapper mapper;

    @InjectRetentionHolds
    RetentionHolds retention;

    /** One backup of the source, shared by the restore tests (made by whichever test runs first). */
    synchronized UUID point() throws Exception {
        if (point == null) {
            SourceDatabases.createMixed(SOURCE);
            BackupRequested command = Jobs.backup(INSTANCE, Jobs.testServer(SOURCE));
            Jobs.send(mapper, command);
            JsonPath job = Jobs.awaitStatus(command.jobId(), "COMPLETED");
            point = UUID.fromString(job.getString("recoveryPointId"));
        }
        return point;
    }

    @Test
    void aBackupStoresAVerifiedPointAndReportsItsManifestAndPolicy() throws Exception {
        UUID pointId = point();
        JsonPath job = given().get("/api/v1/jobs?instanceId=" + INSTANCE + "&operation=BACKUP").then().statusCode(200)
                .extract().jsonPath();
        String jobId = job.getString("items[0].id");
        JsonPath details = given().get("/api/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
        assertThat(details.getString("status")).isEqualTo("COMPLETED");
        assertThat(details.getString("trigger")).isEqualTo("ON_DEMAND");
        assertThat(details.getString("policyName")).isEqualTo("daily-30d");
        assertThat(details.getInt("policyVersion")).isEqualTo(3);
        assertThat(details.getInt("percent")).isEqualTo(100);
        assertThat(details.getLong("bytes")).isPositive();
        assertThat(details.getLong("durationMs")).isNotNegative();
        assertThat(details.getList("subTasks.kind")).containsExactly("GLOBALS", "DATABASE");
        assertThat(details.getList("subTasks.status")).containsOnly("COMPLETED");
        assertThat(details.getString("subTasks[1].database")).isEqualTo(SOURCE);
        assertThat(details.getString("error")).isNull();

        // The store: a complete point, no partial directory, every artifact as the manifest says.
        Path dir = Jobs.STORE.resolve(INSTANCE.toString()).resolve(pointId.toString());
        try (Stream<Path> entries = Files.list(Jobs.STORE.resolve(INSTANCE.toString()))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(pointId.toString());
        }
        JsonNode manifest = mapper.readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.get("serverVersion").asText()).startsWith("15.");
        assertThat(manifest.get("pgDumpVersion").asText()).startsWith("15.");
        long total = 0;
        for (JsonNode artifact : manifest.get("artifacts")) {
            Path file = dir.resolve(artifact.get("name").asText());
            assertThat(Files.size(file)).isEqualTo(artifact.get("bytes").asLong());
            assertThat(sha256(file)).isEqualTo(artifact.get("sha256").asText());
            // the database's own definition is a few lines of SQL, stored as it is
            assertThat(artifact.get("compression").asText())
                    .isEqualTo("DATABASE_PROPERTIES".equals(artifact.get("kind").asText()) ? "none" : "zstd");
            total += artifact.get("bytes").asLong();
        }
        assertThat(manifest.get("artifacts").get(1).get("name").asText()).isEqualTo("db-1.dump.zst");
        assertThat(manifest.get("artifacts").get(1).get("database").asText()).isEqualTo(SOURCE);
        assertThat(manifest.get("artifacts").get(2).get("name").asText()).isEqualTo("db-1.database.sql");
        assertThat(manifest.get("artifacts").get(2).get("database").asText()).isEqualTo(SOURCE);
        assertThat(Files.readString(dir.resolve("db-1.database.sql")))
                .startsWith("CREATE DATABASE " + ConnInfo.identifier(SOURCE)
                        + " WITH TEMPLATE = template0 ENCODING = 'UTF8'");
        assertThat(manifest.get("totalBytes").asLong()).isEqualTo(total);
        // the retention rules the point is born with, so retention-service can re-catalog it from the store alone
        assertThat(manifest.get("policy").get("policyName").asText()).isEqualTo("daily-30d");
        assertThat(manifest.get("policy").get("policyVersion").asInt()).isEqualTo(3);

        // job-events: JobStarted, then JobSucceeded carrying the manifest and the policy snapshot.
        List<ConsumerRecord<String, String>> events = KafkaProbe.await(Topics.JOB_EVENTS, 2, Duration.ofSeconds(20),
                r -> r.key().equals(INSTANCE.toString()) && r.value().contains(jobId));
        assertThat(events).extracting(KafkaProbe::type)
                .containsExactly("io.pgvault.JobStarted", "io.pgvault.JobSucceeded");
        JsonNode succeeded = mapper.readTree(events.get(1).value());
        assertThat(succeeded.get("recoveryPointId").asText()).isEqualTo(pointId.toString());
        assertThat(succeeded.get("policy").get("policyName").asText()).isEqualTo("daily-30d");
        assertThat(succeeded.get("manifest").get("artifacts").get(1).get("sha256").asText())
                .isEqualTo(manifest.get("artifacts").get(1).get("sha256").asText());
        assertThat(succeeded.get("bytes").asLong()).isEqualTo(total);
    }

    @Test
    void aRestoreIntoANewDatabaseReproducesEveryRowLargeObjectAndSequence() throws Exception {
        UUID pointId = point();
        String target = "restored_" + UUID.randomUUID().toString().substring(0, 8);
        RestoreRequested command = Jobs.restore(INSTANCE, pointId,
                Jobs.newDatabase(target));
        Jobs.send(mapper, command);
        JsonPath job = Jobs.awaitStatus(command.jobId(), "COMPLETED");

        Map<String, String> source = SourceDatabases.fingerprint(SOURCE);
        assertThat(source).containsKeys("MixedCase Orders", "items", "documents");
        assertThat(source.get("MixedCase Orders")).startsWith("3000/");
        assertThat(SourceDatabases.fingerprint(target)).isEqualTo(source);
        assertThat(job.getString("operation")).isEqualTo("RESTORE");
        assertThat(job.getString("recoveryPointId")).isEqualTo(pointId.toString());
        assertThat(job.getList("subTasks.database")).containsExactly(target);

        // The hold was taken for this job and released at the end.
        RetentionHolds.Hold hold = retention.takenBy(command.jobId());
        assertThat(hold.recoveryPointId()).isEqualTo(pointId);
        assertThat(hold.kind()).isEqualTo("RESTORE");
        assertThat(hold.instanceId()).isEqualTo(INSTANCE);
        // ... with job-service's service token, on behalf of the user who asked for the restore.
        assertThat(hold.authorization()).isEqualTo("Bearer " + retention.serviceToken());
        assertThat(hold.onBehalfOf()).isEqualTo(command.requestedBy());
        assertThat(job.getString("requestedBy")).isEqualTo(command.requestedBy());
        await().atMost(Duration.ofSeconds(10)).until(() -> retention.released(hold));
    }

    @Test
    void aRestoreIntoAnExistingDatabaseIsRefusedAndLeavesItUntouched() throws Exception {
        UUID pointId = point();
        RestoreRequested command = Jobs.restore(INSTANCE, pointId,
                Jobs.newDatabase(SOURCE));
        Map<String, String> before = SourceDatabases.fingerprint(SOURCE);
        Jobs.send(mapper, command);
        JsonPath job = Jobs.awaitStatus(command.jobId(), "FAILED");
        assertThat(job.getString("error.code")).as(job.getString("error.message")).isEqualTo("TARGET_EXISTS");
        assertThat(job.getString("error.message")).contains("already exists");
        assertThat(SourceDatabases.fingerprint(SOURCE)).isEqualTo(before);
    }

    @Test
    void aRestoreAsFilesCopiesTheArtifactsAndManifestWithVerifiedChecksums() throws Exception {
        UUID pointId = point();
        String directory = "case-" + UUID.randomUUID() + "/files";
        RestoreRequested command = Jobs.restore(INSTANCE, pointId, RestoreTarget.files(directory));
        Jobs.send(mapper, command);
        JsonPath job = Jobs.awaitStatus(command.jobId(), "COMPLETED");

        Path target = Jobs.RESTORES.resolve(directory);
        JsonNode manifest = mapper.readTree(target.resolve("manifest.json").toFile());
        assertThat(manifest.get("recoveryPointId").asText()).isEqualTo(pointId.toString());
        for (JsonNode artifact : manifest.get("artifacts")) {
            assertThat(sha256(target.resolve(artifact.get("name").asText()))).isEqualTo(artifact.get("sha256").asText());
        }
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.count()).isEqualTo(manifest.get("artifacts").size() + 1);
        }
        assertThat(job.getList("subTasks.kind")).containsOnly("FILE");
        assertThat(job.getList("subTasks.status")).containsOnly("COMPLETED");
    }

    @Test
    void aRestoreDirectoryOutsideTheRootIsRefused() throws Exception {
        UUID pointId = point();
        for (String escape : List.of("../outside-" + UUID.randomUUID(), "/tmp/pgvault-" + UUID.randomUUID())) {
            RestoreRequested command = Jobs.restore(INSTANCE, pointId, RestoreTarget.files(escape));
            Jobs.send(mapper, command);
            JsonPath job = Jobs.awaitStatus(command.jobId(), "FAILED");
            assertThat(job.getString("error.code")).isEqualTo("TARGET_OUTSIDE_ROOT");
            assertThat(job.getString("error.message")).contains(escape);
        }
        // A symbolic link inside the root that leads out of it.
        Path outside = Files.createTempDirectory("pgvault-outside-");
        Files.createDirectories(Jobs.RESTORES);
        Path link = Jobs.RESTORES.resolve("link-" + UUID.randomUUID());
        Files.createSymbolicLink(link, outside);
        RestoreRequested viaLink = Jobs.restore(INSTANCE, pointId,
                RestoreTarget.files(link.getFileName() + "/restored"));
        Jobs.send(mapper, viaLink);
        assertThat(Jobs.awaitStatus(viaLink.jobId(), "FAILED").getString("error.code")).isEqualTo("TARGET_OUTSIDE_ROOT");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDamagedArtifactFailsTheRestoreNamingTheFile() throws Exception {
        UUID pointId = point();
        // A copy of the point under another id, with one byte of its dump changed.
        UUID damaged = UUID.randomUUID();
        Path from = Jobs.STORE.resolve(INSTANCE.toString()).resolve(pointId.toString());
        Path to = Jobs.STORE.resolve(INSTANCE.toString()).resolve(damaged.toString());
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        Path dump = to.resolve("db-1.dump.zst");
        byte[] bytes = Files.readAllBytes(dump);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(dump, bytes);

        String target = "never_" + UUID.randomUUID().toString().substring(0, 8);
        RestoreRequested command = Jobs.restore(INSTANCE, damaged,
                Jobs.newDatabase(target));
        Jobs.send(mapper, command);
        JsonPath job = Jobs.awaitStatus(command.jobId(), "FAILED");
        assertThat(job.getString("error.code")).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(job.getString("error.message")).contains("db-1.dump.zst");
        assertThat(SourceDatabases.exists(target)).isFalse();
        // The hold is released on failure too.
        RetentionHolds.Hold hold = retention.takenBy(command.jobId());
        await().atMost(Duration.ofSeconds(10)).until(() -> retention.released(hold));
        deleteTree(to);
    }

    @Test
    void aRefusedHoldFailsTheRestoreBeforeReadingThePoint() throws Exception {
        UUID pointId = point();
        UUID refused = UUID.randomUUID();
        retention.refuse(refused, 409);
        RestoreRequested command = Jobs.restore(INSTANCE, refused, RestoreTarget.files("refused-" + refused));
        Jobs.send(mapper, command);
        JsonPath job = Jobs.awaitStatus(command.jobId(), "FAILED");
        assertThat(job.getString("error.code")).isEqualTo("HOLD_REFUSED");
        assertThat(job.getString("error.message")).contains(refused.toString());
        assertThat(Jobs.RESTORES.resolve("refused-" + refused)).doesNotExist();
        assertThat(pointId).isNotNull();
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
