package io.pgvault.retention.recoverypoint;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.contracts.common.ManifestRef;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.retention.support.Backups;
import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A backup of a server with thousands of databases: its JobSucceeded carries a reference to the manifest
 * in the store and its digest, not the manifest, and the point is cataloged from the stored manifest,
 * but only if it is the one the digest names.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class ManifestByReferenceTest extends RetentionTestBase {

    private static final int DATABASES = 3000;

    @Test
    void aPointWhoseManifestTravelsByReferenceIsCatalogedFromTheStore() throws Exception {
        UUID instance = UUID.randomUUID();
        JobSucceeded large = byReference(withDatabases(Backups.succeeded(root(), instance, CLOCK.instant(), Backups.daily()),
                DATABASES));
        assertThat(large.manifestRef().bytes()).as("a manifest above the inline limit").isGreaterThan(256 * 1024);

        Backups.send(large);
        Backups.awaitPoint(large.recoveryPointId());

        JsonPath point = given().get("/api/v1/recovery-points/{id}", large.recoveryPointId()).then().statusCode(200)
                .extract().jsonPath();
        assertThat(point.getList("artifacts")).hasSize(DATABASES);
        assertThat(point.getString("artifacts[2999].database")).isEqualTo("db_2999");
        assertThat(point.getLong("sizeBytes")).isEqualTo(large.bytes());
    }

    @Test
    void aReferenceWhoseDigestDoesNotMatchTheStoredManifestCatalogsNothing() throws Exception {
        UUID instance = UUID.randomUUID();
        JobSucceeded real = byReference(Backups.succeeded(root(), instance, CLOCK.instant(), Backups.daily()));
        ManifestRef wrong = new ManifestRef(real.manifestRef().location(), "0".repeat(64), real.manifestRef().bytes());
        Backups.send(new JobSucceeded(real.eventId(), real.instanceId(), real.occurredAt(), real.jobId(),
                real.operation(), real.trigger(), real.startedAt(), real.finishedAt(), real.bytes(),
                real.recoveryPointId(), real.policy(), null, wrong));

        // Messages of one instance are handled in order: once a later backup is cataloged, the bad one was seen.
        UUID later = Backups.backup(root(), instance, CLOCK.instant().plusSeconds(60), Backups.daily());
        assertThat(Backups.state(later)).isEqualTo("LIVE");
        given().get("/api/v1/recovery-points/{id}", real.recoveryPointId()).then().statusCode(404);
    }

    /** The same backup with {@code count} databases, its manifest rewritten in the store. */
    private JobSucceeded withDatabases(JobSucceeded event, int count) throws Exception {
        RecoveryPointManifest m = event.manifest();
        List<ArtifactEntry> artifacts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            artifacts.add(new ArtifactEntry("db-" + (i + 1) + ".dump", ArtifactEntry.Kind.DATABASE, "db_" + i, 1,
                    "0".repeat(64), "zstd"));
        }
        RecoveryPointManifest large = new RecoveryPointManifest(m.recoveryPointId(), m.instanceId(), m.jobId(),
                m.startedAt(), m.finishedAt(), m.serverVersion(), m.pgDumpVersion(), count, artifacts);
        Files.writeString(manifestFile(event), Backups.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(large));
        return new JobSucceeded(event.eventId(), event.instanceId(), event.occurredAt(), event.jobId(),
                event.operation(), event.trigger(), event.startedAt(), event.finishedAt(), count,
                event.recoveryPointId(), event.policy(), large);
    }

    /** What job-service sends for a large manifest: the reference to the stored file and its digest, no manifest. */
    private JobSucceeded byReference(JobSucceeded event) throws Exception {
        byte[] stored = Files.readAllBytes(manifestFile(event));
        ManifestRef ref = new ManifestRef(event.instanceId() + "/" + event.recoveryPointId() + "/manifest.json",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)), stored.length);
        return new JobSucceeded(event.eventId(), event.instanceId(), event.occurredAt(), event.jobId(),
                event.operation(), event.trigger(), event.startedAt(), event.finishedAt(), event.bytes(),
                event.recoveryPointId(), event.policy(), null, ref);
    }

    private Path manifestFile(JobSucceeded event) {
        return root().resolve(event.instanceId().toString()).resolve(event.recoveryPointId().toString())
                .resolve("manifest.json");
    }
}
