package io.pgvault.retention.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.retention.support.Backups;
import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The sweep and the drift check against the real S3 server (s3proxy): DeleteObjects and ListObjectsV2. */
@QuarkusTest
@TestProfile(S3Store.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class S3StoreTest extends RetentionTestBase {

    @Inject
    S3RecoveryPointStore s3;

    @Inject
    StoreDrift drift;

    /** A backup as job-service stores it on S3 (artifact, envelope, manifest last), then its JobSucceeded. */
    private UUID backup(UUID instance, Instant at) throws Exception {
        Path scratch = Files.createTempDirectory("retention-s3-");
        JobSucceeded event = Backups.succeeded(scratch, instance, at, Backups.daily());
        Path dir = scratch.resolve(instance.toString()).resolve(event.recoveryPointId().toString());
        put(instance, event.recoveryPointId(), "db-1.dump", Files.readAllBytes(dir.resolve("db-1.dump")));
        put(instance, event.recoveryPointId(), "envelope.json", "{}".getBytes());
        put(instance, event.recoveryPointId(), "manifest.json", Files.readAllBytes(dir.resolve("manifest.json")));
        Backups.send(event);
        Backups.awaitPoint(event.recoveryPointId());
        return event.recoveryPointId();
    }

    private void put(UUID instance, UUID point, String name, byte[] bytes) {
        s3.s3().putObject(PutObjectRequest.builder().bucket(s3.bucket()).key(s3.pointPrefix(instance, point) + name).build(),
                RequestBody.fromBytes(bytes));
    }

    private List<S3Object> objects(UUID instance, UUID point) {
        return s3.s3().listObjectsV2(ListObjectsV2Request.builder().bucket(s3.bucket())
                .prefix(s3.pointPrefix(instance, point)).build()).contents();
    }

    @Test
    void thePurgeRemovesEveryObjectOfAPointAndItsUnfinishedUploads() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID old = backup(instance, CLOCK.instant());
        UUID kept = backup(instance, CLOCK.instant().plusSeconds(1));
        s3.s3().createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(s3.bucket())
                .key(s3.pointPrefix(instance, old) + "db-2.dump").build());
        CLOCK.advance(Duration.ofDays(2));
        sweep();
        assertThat(Backups.state(old)).isEqualTo("DELETED");
        assertThat(objects(instance, old)).hasSize(3);

        CLOCK.advance(Duration.ofDays(15));
        sweep();
        assertThat(Backups.state(old)).isEqualTo("PURGED");
        assertThat(objects(instance, old)).isEmpty();
        assertThat(s3.s3().listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(s3.bucket())
                .prefix(s3.pointPrefix(instance, old)).build()).uploads()).isEmpty();
        assertThat(objects(instance, kept)).hasSize(3);
    }

    @Test
    void theDriftCheckFindsAnOrphanPrefixAndACatalogedPointMissingAnObject() throws Throwable {
        UUID instance = UUID.randomUUID();
        UUID damaged = backup(instance, CLOCK.instant());
        UUID whole = backup(instance, CLOCK.instant());
        s3.s3().deleteObject(DeleteObjectRequest.builder().bucket(s3.bucket())
                .key(s3.pointPrefix(instance, damaged) + "db-1.dump").build());
        UUID orphan = UUID.randomUUID();
        put(instance, orphan, "db-1.dump", "left behind by a crashed backup".getBytes());
        // A complete point whose JobSucceeded never arrived: its manifest is read from the bucket, and it is kept.
        Path scratch = Files.createTempDirectory("retention-s3-");
        JobSucceeded lost = Backups.succeeded(scratch, instance, CLOCK.instant(), Backups.daily());
        Path lostDir = scratch.resolve(instance.toString()).resolve(lost.recoveryPointId().toString());
        put(instance, lost.recoveryPointId(), "db-1.dump", Files.readAllBytes(lostDir.resolve("db-1.dump")));
        put(instance, lost.recoveryPointId(), "manifest.json", Files.readAllBytes(lostDir.resolve("manifest.json")));

        given().get("/api/v1/retention/drift").then().statusCode(200)
                .body("orphans.directory", hasItem(orphan.toString()))
                .body("missingFiles.recoveryPointId", hasItem(damaged.toString()))
                .body("missingFiles.recoveryPointId", not(hasItem(whole.toString())))
                .body("uncataloged.recoveryPointId", hasItem(lost.recoveryPointId().toString()))
                .body("orphans.directory", not(hasItem(lost.recoveryPointId().toString())));

        Instant before = CLOCK.instant();
        CLOCK.set(Instant.now().plus(Duration.ofDays(15)));
        try {
            VertxContextSupport.subscribeAndAwait(() -> drift.repair());
            assertThat(objects(instance, orphan)).isEmpty();
            assertThat(objects(instance, whole)).hasSize(3);
            assertThat(objects(instance, lost.recoveryPointId())).hasSize(2);
        } finally {
            CLOCK.set(before.isAfter(CLOCK.instant()) ? before : CLOCK.instant());
        }
    }
}
