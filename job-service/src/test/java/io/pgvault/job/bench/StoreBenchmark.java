package io.pgvault.job.bench;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.job.client.RetentionServiceMock;
import io.pgvault.job.runner.LocalCopies;
import io.pgvault.job.runner.Parallelism;
import io.pgvault.job.runner.RunningJob;
import io.pgvault.job.store.ArtifactOutput;
import io.pgvault.job.store.FileSystemRecoveryPointStore;
import io.pgvault.job.store.RecoveryPointStore;
import io.pgvault.job.store.S3RecoveryPointStore;
import io.pgvault.job.store.S3Store;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The backup and restore data path, timed in alternating rounds on the same mixed database: raw
 * {@code pg_dump -Fc} to a file, a pgvault backup to the filesystem store (unencrypted) and one to the S3
 * store (s3proxy, encrypted), each exactly what the backup runner streams (pg_dump -Fc -Z0 → zstd-jni →
 * the store's artifact stream, SHA-256 on the way, manifest last); then the restores: raw single-job
 * pg_restore of the file; the runner's restore (the store read once into its local copy, {@link LocalCopies},
 * checked against the manifest, then {@code pg_restore --jobs}, {@code -Dbench.restore.jobs}, default as the
 * runner's); and the restore as it was before that (a verification read, then the store's stream → zstd →
 * pg_restore, one job). Prints medians.
 * Run it with {@code job-service/bench/store-bench.sh}; it is skipped in the normal build.
 */
@QuarkusTest
@TestProfile(S3Store.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@QuarkusTestResource(RetentionServiceMock.class)
@EnabledIfSystemProperty(named = "bench.rounds", matches = "\\d+")
class StoreBenchmark {

    @Inject
    FileSystemRecoveryPointStore fs;

    @Inject
    S3RecoveryPointStore s3;

    private final String bin = System.getProperty(TestInfra.PG_BIN);
    private final int restoreJobs = Integer.getInteger("bench.restore.jobs",
            Parallelism.restoreJobs(0, Runtime.getRuntime().availableProcessors()));

    @Test
    void backupAndRestoreThroughEachStore() throws Exception {
        int rounds = Integer.getInteger("bench.rounds");
        int rows = Integer.getInteger("bench.rows", 300_000);
        String db = "bench_mixed_" + rows;
        PgVaultTestResource.createDatabaseIfMissing(db);
        run(List.of(tool("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-v", "rows=" + rows, "-d", conn(db), "-f",
                Path.of("bench/mixed.sql").toAbsolutePath().toString()), null, null);
        Path work = Files.createTempDirectory(Path.of("target"), "bench-");
        Map<String, List<Double>> backup = new HashMap<>();
        Map<String, List<Double>> restore = new HashMap<>();
        Map<String, Long> size = new HashMap<>();
        UUID instance = UUID.randomUUID();
        for (int round = 0; round < rounds; round++) {
            int r = round;
            Path raw = work.resolve("raw-" + r + ".dump");
            UUID fsPoint = UUID.randomUUID();
            UUID s3Point = UUID.randomUUID();
            time(backup, "raw pg_dump -Fc", () -> run(List.of(tool("pg_dump"), "-Fc", "-f", raw.toString(), "-d", conn(db)),
                    null, null));
            size.put("raw pg_dump -Fc", Files.size(raw));
            time(backup, "pgvault fs", () -> size.put("pgvault fs", backup(fs, instance, fsPoint, db)));
            time(backup, "pgvault s3+enc", () -> size.put("pgvault s3+enc", backup(s3, instance, s3Point, db)));

            time(restore, "raw pg_dump -Fc", () -> restoreRaw(raw, db + "_raw_" + r));
            time(restore, "pgvault fs", () -> restore(fs, instance, fsPoint, db + "_fs_" + r));
            time(restore, "pgvault s3+enc", () -> restore(s3, instance, s3Point, db + "_s3_" + r));
            time(restore, "s3+enc streamed", () -> restoreStreamed(s3, instance, s3Point, db + "_st_" + r));
        }
        System.out.printf("bench: mixed database, %d rows (%s), median of %d alternating rounds; restore --jobs=%d%n",
                rows, scalar(db, "select pg_size_pretty(pg_database_size(current_database()))"), rounds, restoreJobs);
        for (String phase : List.of("backup", "restore")) {
            Map<String, List<Double>> times = phase.equals("backup") ? backup : restore;
            double rawT = median(times.get("raw pg_dump -Fc"));
            double fsT = median(times.get("pgvault fs"));
            for (String mode : List.of("raw pg_dump -Fc", "pgvault fs", "pgvault s3+enc", "s3+enc streamed")) {
                if (!times.containsKey(mode)) {
                    continue;
                }
                double t = median(times.get(mode));
                System.out.printf("bench: %-7s %-16s %7.2f s  x%.2f raw  x%.2f fs%s%n", phase, mode, t, t / rawT, t / fsT,
                        phase.equals("backup") ? String.format("  %,d bytes", size.get(mode)) : "");
            }
        }
    }

    /** What the backup runner streams for one database: pg_dump -Fc -Z0 → zstd → the store; the manifest last. */
    private long backup(RecoveryPointStore store, UUID instance, UUID point, String db) throws IOException {
        RecoveryPointStore.PartialPoint partial = store.begin(instance, point);
        ArtifactOutput out = partial.create("db-1.dump.zst");
        try (OutputStream sink = new ZstdOutputStream(out, 1)) {
            run(List.of(tool("pg_dump"), "-Fc", "-Z0", "-d", conn(db)), null, sink);
        }
        partial.commit(new RecoveryPointManifest(point, instance, UUID.randomUUID(), Instant.now(), Instant.now(), "15",
                "15", out.bytes(), List.of(new ArtifactEntry("db-1.dump.zst", ArtifactEntry.Kind.DATABASE, db, out.bytes(),
                        out.sha256(), "zstd"))));
        return out.bytes();
    }

    /** What the restore runner does: the store read once into a checked local copy, then pg_restore --jobs. */
    private void restore(RecoveryPointStore store, UUID instance, UUID point, String target) throws IOException {
        RecoveryPointStore.StoredPoint stored = store.open(instance, point).orElseThrow();
        ArtifactEntry artifact = stored.manifest().artifacts().get(0);
        UUID job = UUID.randomUUID();
        try (LocalCopies copies = LocalCopies.open(Path.of("target").toAbsolutePath(), job, Long.MAX_VALUE, 0)) {
            LocalCopies.Copy copy = copies.copy(stored, artifact, RunningJob.forCleanup(java.time.Duration.ofHours(1)));
            if (!copy.sha256().equals(artifact.sha256()) || copy.file() == null) {
                throw new IOException("the local copy of " + artifact.name() + " does not match the manifest");
            }
            PgVaultTestResource.createDatabaseIfMissing(target);
            run(List.of(tool("pg_restore"), "--exit-on-error", "--jobs=" + restoreJobs, "-d", conn(target),
                    copy.file().toString()), null, null);
        }
    }

    /** The restore before local copies: a verification read, then the stream → zstd → pg_restore. */
    private void restoreStreamed(RecoveryPointStore store, UUID instance, UUID point, String target) throws IOException {
        RecoveryPointStore.StoredPoint stored = store.open(instance, point).orElseThrow();
        try (InputStream in = new DigestInputStream(stored.read("db-1.dump.zst"), ArtifactOutput.newSha256())) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        PgVaultTestResource.createDatabaseIfMissing(target);
        try (InputStream in = new ZstdInputStream(stored.read("db-1.dump.zst"))) {
            run(List.of(tool("pg_restore"), "--exit-on-error", "-d", conn(target)), in, null);
        }
    }

    private void restoreRaw(Path dump, String target) throws IOException {
        PgVaultTestResource.createDatabaseIfMissing(target);
        run(List.of(tool("pg_restore"), "--exit-on-error", "-d", conn(target), dump.toString()), null, null);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void time(Map<String, List<Double>> times, String mode, Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run();
        times.computeIfAbsent(mode, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private String tool(String name) {
        return bin == null ? name : Path.of(bin, name).toString();
    }

    private static String conn(String db) {
        return "host=" + TestInfra.pgHost() + " port=" + TestInfra.pgPort() + " user=" + TestInfra.pgUser() + " dbname=" + db;
    }

    private String scalar(String db, String sql) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        run(List.of(tool("psql"), "-X", "-At", "-d", conn(db), "-c", sql), null, out);
        return out.toString().strip();
    }

    /** Runs a client tool, feeding {@code in} and copying its stdout into {@code out}; fails on a non-zero exit. */
    private static void run(List<String> command, InputStream in, OutputStream out) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (TestInfra.pgPassword() != null) {
            builder.environment().put("PGPASSWORD", TestInfra.pgPassword());
        }
        if (in == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        if (out == null) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = builder.start();
        Thread feeder = null;
        if (in != null) {
            feeder = new Thread(() -> {
                try (OutputStream stdin = process.getOutputStream()) {
                    in.transferTo(stdin);
                } catch (IOException e) {
                    process.destroy();
                }
            });
            feeder.start();
        }
        if (out != null) {
            try (InputStream stdout = process.getInputStream()) {
                stdout.transferTo(out);
            }
        }
        try {
            int exit = process.waitFor();
            if (feeder != null) {
                feeder.join();
            }
            if (exit != 0) {
                throw new IOException(command.get(0) + " exited " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
