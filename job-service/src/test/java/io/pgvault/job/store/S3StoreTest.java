package io.pgvault.job.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.job.Jobs;
import io.pgvault.job.SignedInAsAdmin;
import io.pgvault.job.SourceDatabases;
import io.pgvault.job.client.RetentionServiceMock;
import io.pgvault.job.keys.MasterKeys;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Backups into the real S3 server (s3proxy) and restores from it: encrypted at rest, tampering detected
 * before anything reaches the target, key rotation, and a crashed upload left with no parts.
 */
@QuarkusTest
@TestProfile(S3Store.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@QuarkusTestResource(RetentionServiceMock.class)
@ExtendWith(SignedInAsAdmin.class)
class S3StoreTest {

    /** A value of one row, and the database's name: neither may appear in any stored byte. */
    static final String SECRET_ROW = "customer-secret-" + UUID.randomUUID();
    static final String SOURCE = "s3src_" + UUID.randomUUID().toString().substring(0, 8);
    static final UUID INSTANCE = UUID.randomUUID();
    /** What every small source holds: 500 rows of 'value N'. */
    static final String SMALL_FINGERPRINT = "500/" + md5Of500();
    private static volatile UUID mixedPoint;

    @Inject
    ObjectMapper mapper;

    @Inject
    S3RecoveryPointStore store;

    @Inject
    MasterKeys masterKeys;

    synchronized UUID mixedPoint() throws Exception {
        if (mixedPoint == null) {
            if (!SourceDatabases.exists(SOURCE)) {
                SourceDatabases.createMixed(SOURCE);
                try (Connection c = SourceDatabases.connect(SOURCE); Statement s = c.createStatement()) {
                    s.execute("insert into \"MixedCase Orders\" (customer) values ('" + SECRET_ROW + "')");
                }
            }
            mixedPoint = backup(INSTANCE, SOURCE);
        }
        return mixedPoint;
    }

    private UUID backup(UUID instance, String database) {
        BackupRequested command = Jobs.backup(instance, Jobs.testServer(database));
        Jobs.send(mapper, command);
        JsonPath job = Jobs.awaitStatus(command.jobId(), "COMPLETED");
        return UUID.fromString(job.getString("recoveryPointId"));
    }

    /** A small database of its own, for the tests that damage their point. */
    private UUID smallPoint(UUID instance) throws Exception {
        String name = "s3small_" + UUID.randomUUID().toString().substring(0, 8);
        PgVaultTestResource.createDatabaseIfMissing(name);
        try (Connection c = SourceDatabases.connect(name); Statement s = c.createStatement()) {
            s.execute("create table t (id int primary key, v text)");
            s.execute("insert into t select g, 'value ' || g from generate_series(1, 500) g");
        }
        return backup(instance, name);
    }

    private RestoreRequested restoreInto(UUID instance, UUID point, String database) {
        RestoreRequested command = Jobs.restore(instance, point, Jobs.newDatabase(database));
        Jobs.send(mapper, command);
        return command;
    }

    private List<S3Object> objects(UUID instance, UUID point) {
        return store.s3().listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(store.bucket())
                .prefix(store.pointPrefix(instance, point)).build()).contents().stream().toList();
    }

    private byte[] object(String key) {
        return store.s3().getObjectAsBytes(GetObjectRequest.builder().bucket(store.bucket()).key(key).build())
                .asByteArray();
    }

    private void replace(String key, byte[] bytes) {
        store.s3().putObject(PutObjectRequest.builder().bucket(store.bucket()).key(key).build(), RequestBody.fromBytes(bytes));
    }

    private static String md5Of500() {
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= 500; i++) {
            all.append(i == 1 ? "" : ",").append("value ").append(i);
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(all.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private int wrappingKeyOf(UUID instance, UUID point) throws Exception {
        return Envelope.parse(point, object(store.key(instance, point, Envelope.OBJECT)), masterKeys.aead(),
                masterKeys.keyIds(), mapper).wrappingKeyId(mapper);
    }

    @Test
    void aBackupIsStoredAsCiphertextAndRestoresIdenticallyIntoANewDatabase() throws Exception {
        UUID point = mixedPoint();
        List<String> names = objects(INSTANCE, point).stream().map(o -> o.key().substring(o.key().lastIndexOf('/') + 1))
                .toList();
        assertThat(names).containsExactlyInAnyOrder("globals.sql.zst", "db-1.dump.zst", "db-1.database.sql",
                Envelope.OBJECT, "manifest.json");
        // Every artifact is ciphertext: the plaintext database definition names the database; its object does not.
        try (var in = store.open(INSTANCE, point).orElseThrow().read("db-1.database.sql")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains(SOURCE);
        }
        for (S3Object object : objects(INSTANCE, point)) {
            if (object.key().endsWith("manifest.json")) {
                continue; // sizes and hashes, and the database names, which the catalog holds too
            }
            String bytes = new String(object(object.key()), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(object.key()).doesNotContain(SECRET_ROW).doesNotContain(SOURCE);
        }

        String target = "s3restored_" + UUID.randomUUID().toString().substring(0, 8);
        RestoreRequested restore = restoreInto(INSTANCE, point, target);
        Jobs.awaitStatus(restore.jobId(), "COMPLETED");
        Map<String, String> source = SourceDatabases.fingerprint(SOURCE);
        assertThat(source.get("MixedCase Orders")).startsWith("3001/");
        assertThat(SourceDatabases.fingerprint(target)).isEqualTo(source);
    }

    @Test
    void aRestoreAsFilesWritesTheDecryptedArtifactsTheManifestDescribes() throws Exception {
        UUID point = mixedPoint();
        String directory = "s3-" + UUID.randomUUID() + "/files";
        RestoreRequested command = Jobs.restore(INSTANCE, point, RestoreTarget.files(directory));
        Jobs.send(mapper, command);
        Jobs.awaitStatus(command.jobId(), "COMPLETED");
        Path target = Jobs.RESTORES.resolve(directory);
        JsonNode manifest = mapper.readTree(target.resolve("manifest.json").toFile());
        for (JsonNode artifact : manifest.get("artifacts")) {
            byte[] file = Files.readAllBytes(target.resolve(artifact.get("name").asText()));
            assertThat(FileSystemRecoveryPointStore.sha256(file)).isEqualTo(artifact.get("sha256").asText());
        }
        assertThat(Files.readString(target.resolve("db-1.database.sql"))).contains(SOURCE);
    }

    @Test
    void aChangedArtifactFailsTheRestoreWithIntegrityViolationNamingItAndCreatesNothing() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID point = smallPoint(instance);
        String key = store.key(instance, point, "db-1.dump.zst");
        byte[] bytes = object(key);
        bytes[bytes.length / 2] ^= 0x01;
        replace(key, bytes);

        String target = "s3tampered_" + UUID.randomUUID().toString().substring(0, 8);
        JsonPath job = Jobs.awaitStatus(restoreInto(instance, point, target).jobId(), "FAILED");
        assertThat(job.getString("error.code")).as(job.getString("error.message")).isEqualTo("INTEGRITY_VIOLATION");
        assertThat(job.getString("error.message")).contains(key);
        assertThat(SourceDatabases.exists(target)).isFalse();
    }

    @Test
    void aChangedManifestFailsTheRestoreWithIntegrityViolation() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID point = smallPoint(instance);
        String key = store.key(instance, point, "manifest.json");
        ObjectNode manifest = (ObjectNode) mapper.readTree(object(key));
        manifest.put("serverVersion", "99.0");
        replace(key, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));

        String target = "s3tampered_" + UUID.randomUUID().toString().substring(0, 8);
        JsonPath job = Jobs.awaitStatus(restoreInto(instance, point, target).jobId(), "FAILED");
        assertThat(job.getString("error.code")).as(job.getString("error.message")).isEqualTo("INTEGRITY_VIOLATION");
        assertThat(job.getString("error.message")).contains(key);
        assertThat(SourceDatabases.exists(target)).isFalse();
    }

    @Test
    void anArtifactSwappedTogetherWithItsHashAndEnvelopeFailsAgainstTheCatalog() throws Exception {
        // The attacker copies another point's artifact, envelope and manifest (all valid together) over this one's.
        UUID instance = UUID.randomUUID();
        UUID victim = smallPoint(instance);
        UUID other = smallPoint(instance);
        List<String> everything = List.of("db-1.dump.zst", "db-1.database.sql", "globals.sql.zst", Envelope.OBJECT,
                "manifest.json");
        for (String name : everything) {
            replace(store.key(instance, victim, name), object(store.key(instance, other, name)));
        }
        String target = "s3swapped_" + UUID.randomUUID().toString().substring(0, 8);
        JsonPath job = Jobs.awaitStatus(restoreInto(instance, victim, target).jobId(), "FAILED");
        assertThat(job.getString("error.code")).as(job.getString("error.message")).isIn("INTEGRITY_VIOLATION");
        assertThat(SourceDatabases.exists(target)).isFalse();
    }

    @Test
    void afterARotationOldPointsStillRestoreAndRewrapMovesThemToTheNewKey() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID old = smallPoint(instance);
        int oldKey = wrappingKeyOf(instance, old);

        int newKey = given().post("/api/v1/store/keys/rotate").then().statusCode(200).extract().path("primaryKeyId");
        assertThat(newKey).isNotEqualTo(oldKey);
        UUID fresh = smallPoint(instance);
        assertThat(wrappingKeyOf(instance, fresh)).isEqualTo(newKey);

        String first = "s3rotated_" + UUID.randomUUID().toString().substring(0, 8);
        Jobs.awaitStatus(restoreInto(instance, old, first).jobId(), "COMPLETED");

        JsonPath report = given().post("/api/v1/store/keys/rewrap").then().statusCode(200).extract().jsonPath();
        assertThat(report.getInt("primaryKeyId")).isEqualTo(newKey);
        assertThat(report.getInt("rewrapped")).isPositive();
        assertThat(wrappingKeyOf(instance, old)).isEqualTo(newKey);
        String second = "s3rewrapped_" + UUID.randomUUID().toString().substring(0, 8);
        Jobs.awaitStatus(restoreInto(instance, old, second).jobId(), "COMPLETED");
        for (String restored : List.of(first, second)) {
            try (Connection c = SourceDatabases.connect(restored); Statement s = c.createStatement()) {
                assertThat(SourceDatabases.scalar(s, "select count(*) || '/' || md5(string_agg(v, ',' order by id)) from t"))
                        .isEqualTo(SMALL_FINGERPRINT);
            }
        }
    }

    @Test
    void aBackupWithoutItsMasterKeyFailsWithKeyUnavailableAndStoresNothing() throws Exception {
        Path keyset = masterKeys.file();
        mixedPoint(); // the keyset exists
        Path saved = keyset.resolveSibling("saved-" + UUID.randomUUID() + ".json");
        Files.move(keyset, saved);
        try {
            Files.writeString(keyset, "{ not a keyset");
            UUID instance = UUID.randomUUID();
            BackupRequested command = Jobs.backup(instance, Jobs.testServer(SOURCE));
            Jobs.send(mapper, command);
            JsonPath job = Jobs.awaitStatus(command.jobId(), "FAILED");
            assertThat(job.getString("error.code")).as(job.getString("error.message")).isEqualTo("KEY_UNAVAILABLE");
            assertThat(job.getString("error.recommendation")).contains("never falls back to plaintext");
            assertThat(store.s3().listObjectsV2(ListObjectsV2Request.builder().bucket(store.bucket())
                    .prefix(instance + "/").build()).contents()).isEmpty();
        } finally {
            Files.move(saved, keyset, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void anArtifactOfSeveralPartsIsStoredEncryptedAndReadsBackByteForByte() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID point = UUID.randomUUID();
        byte[] block = new byte[1024 * 1024];
        new java.util.Random(42).nextBytes(block);
        RecoveryPointStore.PartialPoint partial = store.begin(instance, point);
        ArtifactOutput out = partial.create("db-1.dump");
        try (out) {
            for (int i = 0; i < 21; i++) { // 21 MiB: two full 8 MiB parts uploading while the next fills, and a last one
                out.write(block);
            }
        }
        partial.commit(new io.pgvault.contracts.common.RecoveryPointManifest(point, instance, UUID.randomUUID(),
                java.time.Instant.now(), java.time.Instant.now(), "15", "15", out.bytes(),
                List.of(new io.pgvault.contracts.common.ArtifactEntry("db-1.dump",
                        io.pgvault.contracts.common.ArtifactEntry.Kind.DATABASE, "db", out.bytes(), out.sha256(), "none"))));
        assertThat(out.bytes()).isEqualTo(21L * block.length);
        // Ciphertext in the bucket: a little longer (segment tags), never the plaintext.
        long stored = objects(instance, point).stream().filter(o -> o.key().endsWith("/db-1.dump")).findFirst().orElseThrow()
                .size();
        assertThat(stored).isGreaterThan(out.bytes());
        java.security.MessageDigest sha = ArtifactOutput.newSha256();
        try (var in = store.open(instance, point).orElseThrow().read("db-1.dump")) {
            byte[] buffer = new byte[64 * 1024];
            int n = in.read(buffer);
            while (n > 0) {
                sha.update(buffer, 0, n);
                n = in.read(buffer);
            }
        }
        assertThat(java.util.HexFormat.of().formatHex(sha.digest())).isEqualTo(out.sha256());
        store.delete(instance, point);
        assertThat(objects(instance, point)).isEmpty();
    }

    @Test
    void discardingACrashedBackupAbortsItsUploadAndRemovesItsObjects() throws Exception {
        // What a job-service killed mid-upload leaves: an artifact, and a multipart upload with a part.
        UUID instance = UUID.randomUUID();
        UUID point = UUID.randomUUID();
        replace(store.key(instance, point, "globals.sql.zst"), new byte[] {1, 2, 3});
        String key = store.key(instance, point, "db-1.dump.zst");
        String upload = store.s3().createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(store.bucket())
                .key(key).build()).uploadId();
        store.s3().uploadPart(UploadPartRequest.builder().bucket(store.bucket()).key(key).uploadId(upload).partNumber(1)
                .build(), RequestBody.fromBytes(new byte[6 * 1024 * 1024]));

        store.discardPartial(instance, point);

        assertThat(objects(instance, point)).isEmpty();
        assertThat(store.s3().listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(store.bucket())
                .prefix(store.pointPrefix(instance, point)).build()).uploads()).isEmpty();
        assertThat(store.open(instance, point)).isEmpty();
    }
}
