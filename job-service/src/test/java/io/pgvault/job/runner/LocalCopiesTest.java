package io.pgvault.job.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.job.store.OwnerOnly;
import io.pgvault.job.store.RecoveryPointStore.StoredPoint;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore's local copies: read once, hashed as stored, decompressed, private, bounded, removed. */
class LocalCopiesTest {

    @TempDir
    Path privateDir;

    private final UUID job = UUID.randomUUID();
    private final RunningJob handle = new RunningJob(job, UUID.randomUUID(), false, Instant.now().plusSeconds(600));
    private final byte[] dump = dump();

    @Test
    void aDumpIsCopiedDecompressedIntoAPrivateFileAndHashedAsStored() throws Exception {
        byte[] stored = Zstd.compress(dump, 1);
        try (LocalCopies copies = LocalCopies.open(privateDir, job, Long.MAX_VALUE, 0)) {
            LocalCopies.Copy copy = copies.copy(point(stored), artifact("db-1.dump.zst", "zstd"), handle);
            assertThat(copy.bytes()).isEqualTo(stored.length);
            assertThat(copy.sha256()).isEqualTo(sha256(stored));
            assertThat(copy.file().getFileName().toString()).isEqualTo("db-1.dump");
            assertThat(Files.readAllBytes(copy.file())).isEqualTo(dump);
            assertThat(Files.getPosixFilePermissions(copy.file())).isEqualTo(OwnerOnly.FILE);
            assertThat(Files.getPosixFilePermissions(copy.file().getParent())).isEqualTo(OwnerOnly.DIRECTORY);
            assertThat(handle.bytes()).isEqualTo(stored.length);
        }
        assertThat(LocalCopies.directoryOf(privateDir, job)).doesNotExist();
    }

    @Test
    void anUncompressedDumpIsCopiedAsStored() throws Exception {
        try (LocalCopies copies = LocalCopies.open(privateDir, job, Long.MAX_VALUE, 0)) {
            LocalCopies.Copy copy = copies.copy(point(dump), artifact("db-1.dump", "gzip"), handle);
            assertThat(copy.sha256()).isEqualTo(sha256(dump));
            assertThat(Files.readAllBytes(copy.file())).isEqualTo(dump);
        }
    }

    @Test
    void aDumpLargerThanTheLimitGetsNoCopyButIsStillReadWholeAndHashed() throws Exception {
        byte[] stored = Zstd.compress(dump, 1);
        try (LocalCopies copies = LocalCopies.open(privateDir, job, dump.length - 1, 0)) {
            LocalCopies.Copy copy = copies.copy(point(stored), artifact("db-1.dump.zst", "zstd"), handle);
            assertThat(copy.file()).isNull();
            assertThat(copy.bytes()).isEqualTo(stored.length);
            assertThat(copy.sha256()).isEqualTo(sha256(stored));
            try (var files = Files.list(LocalCopies.directoryOf(privateDir, job))) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void theLimitCountsEveryCopyOfTheRestore() throws Exception {
        byte[] stored = Zstd.compress(dump, 1);
        try (LocalCopies copies = LocalCopies.open(privateDir, job, dump.length + dump.length / 2, 0)) {
            assertThat(copies.copy(point(stored), artifact("db-1.dump.zst", "zstd"), handle).file()).isNotNull();
            assertThat(copies.copy(point(stored), artifact("db-2.dump.zst", "zstd"), handle).file()).isNull();
        }
    }

    @Test
    void aDiskWithoutTheFreeSpaceGetsNoCopy() throws Exception {
        try (LocalCopies copies = LocalCopies.open(privateDir, job, Long.MAX_VALUE, Long.MAX_VALUE / 2)) {
            LocalCopies.Copy copy = copies.copy(point(Zstd.compress(dump, 1)), artifact("db-1.dump.zst", "zstd"), handle);
            assertThat(copy.file()).isNull();
        }
    }

    @Test
    void aDamagedStreamGetsNoCopyAndHashesAsStoredSoTheCheckNamesIt() throws Exception {
        byte[] stored = Zstd.compress(dump, 1);
        // Its frame header: not zstd any more. (Damage further in may still decompress, into a copy the check
        // against the manifest's SHA-256 of the stored bytes then refuses all the same.)
        stored[0] ^= 0x5a;
        try (LocalCopies copies = LocalCopies.open(privateDir, job, Long.MAX_VALUE, 0)) {
            LocalCopies.Copy copy = copies.copy(point(stored), artifact("db-1.dump.zst", "zstd"), handle);
            assertThat(copy.bytes()).isEqualTo(stored.length);
            assertThat(copy.sha256()).isEqualTo(sha256(stored));
            assertThat(copy.file()).isNull();
        }
    }

    @Test
    void aCancelledJobStopsTheCopy() throws Exception {
        handle.cancel();
        try (LocalCopies copies = LocalCopies.open(privateDir, job, Long.MAX_VALUE, 0)) {
            assertThatThrownBy(() -> copies.copy(point(Zstd.compress(dump, 1)), artifact("db-1.dump.zst", "zstd"), handle))
                    .isInstanceOf(JobCancelled.class);
        }
        assertThat(LocalCopies.directoryOf(privateDir, job)).doesNotExist();
    }

    @Test
    void theRestoreOfACopyRunsPgRestoreWithItsJobs() {
        assertThat(RestoreRunner.parallelRestore("/pg/bin/pg_restore", "host=h dbname=d", 3, Path.of("/p/db-1.dump")))
                .containsExactly("/pg/bin/pg_restore", "--no-password", "--exit-on-error", "--jobs=3",
                        "--dbname=host=h dbname=d", "/p/db-1.dump");
    }

    @Test
    void theDefaultParallelismFollowsTheCores() {
        assertThat(Parallelism.dumps(0, 2)).isEqualTo(2);
        assertThat(Parallelism.dumps(0, 16)).isEqualTo(4);
        assertThat(Parallelism.dumps(0, 1)).isEqualTo(1);
        assertThat(Parallelism.dumps(8, 2)).isEqualTo(8);
        assertThat(Parallelism.restoreJobs(0, 1)).isEqualTo(2);
        assertThat(Parallelism.restoreJobs(0, 2)).isEqualTo(2);
        assertThat(Parallelism.restoreJobs(0, 16)).isEqualTo(4);
        assertThat(Parallelism.restoreJobs(1, 16)).isEqualTo(1);
    }

    /** A few MiB that compress, like a dump: text with some noise. */
    private static byte[] dump() {
        Random random = new Random(15);
        StringBuilder text = new StringBuilder("PGDMP");
        while (text.length() < 3 * 1024 * 1024) {
            text.append("row ").append(random.nextInt(100_000)).append(" customer-").append(random.nextInt(500)).append('\n');
        }
        return text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static ArtifactEntry artifact(String name, String compression) {
        return new ArtifactEntry(name, ArtifactEntry.Kind.DATABASE, "db", 0, "", compression);
    }

    private static StoredPoint point(byte[] stored) {
        return new StoredPoint() {
            @Override
            public RecoveryPointManifest manifest() {
                throw new UnsupportedOperationException();
            }

            @Override
            public InputStream read(String artifactName) {
                return new ByteArrayInputStream(stored);
            }

            @Override
            public InputStream readManifest() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String manifestSha256() {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
