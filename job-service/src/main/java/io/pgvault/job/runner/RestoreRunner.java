package io.pgvault.job.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.job.client.RetentionClient;
import io.pgvault.job.config.JobConfig;
import io.pgvault.job.job.ClaimedJob;
import io.pgvault.job.job.ErrorCode;
import io.pgvault.job.job.JobError;
import io.pgvault.job.job.JobFailure;
import io.pgvault.job.job.JobService.SubTaskPlan;
import io.pgvault.job.job.SubTask;
import io.pgvault.job.store.ArtifactOutput;
import io.pgvault.job.store.FileSystemRecoveryPointStore;
import io.pgvault.job.store.RecoveryPointStore;
import io.pgvault.job.store.RecoveryPointStore.StoredPoint;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A restore: hold the point at retention-service, verify every artifact against the manifest's
 * SHA-256, then copy the files into a directory under the restore root, or create a new database
 * and stream the dump into {@code pg_restore}. The hold is released at the end, also on failure.
 * Blocking: runs on a job worker thread.
 */
@ApplicationScoped
public class RestoreRunner {

    private final PgTools tools;
    private final RecoveryPointStore store;
    private final JobLifecycle lifecycle;
    private final RetentionClient retention;
    private final JobConfig config;
    private final ObjectMapper mapper;

    public RestoreRunner(PgTools tools, RecoveryPointStore store, JobLifecycle lifecycle, RetentionClient retention,
            JobConfig config, ObjectMapper mapper) {
        this.tools = tools;
        this.store = store;
        this.lifecycle = lifecycle;
        this.retention = retention;
        this.config = config;
        this.mapper = mapper;
    }

    /** Runs the job to its end (COMPLETED, FAILED or CANCELLED); never throws. */
    public void run(ClaimedJob claimed, RunningJob handle) {
        RetentionClient.Hold hold = null;
        Cleanup cleanup = new Cleanup();
        try {
            RestoreRequested command = mapper.readValue(claimed.request(), RestoreRequested.class);
            hold = retention.take(command.recoveryPointId(), command.instanceId(), claimed.id(),
                    config.holdLeaseSeconds());
            StoredPoint point = store.open(command.instanceId(), command.recoveryPointId())
                    .orElseThrow(() -> new JobFailure(ErrorCode.INTERNAL.error("recovery point "
                            + command.recoveryPointId() + " is not in the store",
                            "Check that job-service and retention-service share the same store root.")));
            RecoveryPointManifest manifest = point.manifest();
            for (ArtifactEntry artifact : manifest.artifacts()) {
                if (!FileSystemRecoveryPointStore.isArtifactName(artifact.name())) {
                    throw new JobFailure(ErrorCode.CHECKSUM_MISMATCH.error("the manifest of recovery point "
                            + command.recoveryPointId() + " names an invalid file '" + artifact.name() + "'"));
                }
            }
            long bytes = command.target().type() == RestoreTarget.Type.FILES
                    ? restoreFiles(claimed, handle, command, point, cleanup)
                    : restoreDatabase(claimed, handle, command, point, cleanup);
            if (!lifecycle.complete(claimed.id(), bytes, null, null)) {
                cleanup.run();
            }
        } catch (JobCancelled e) {
            end(claimed, handle, cleanup, SubTask.Status.CANCELLED, ErrorCode.CANCELLED.error());
        } catch (JobFailure e) {
            end(claimed, handle, cleanup, SubTask.Status.FAILED, e.error());
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            JobError error = message.contains("No space left on device")
                    ? ErrorCode.DISK_FULL.error("the restore target ran out of space: " + message)
                    : ErrorCode.INTERNAL.error("restore failed: " + message);
            Log.warnf(e, "restore job %s failed", claimed.id());
            end(claimed, handle, cleanup, SubTask.Status.FAILED, error);
        } catch (RuntimeException e) {
            Log.errorf(e, "restore job %s failed unexpectedly", claimed.id());
            end(claimed, handle, cleanup, SubTask.Status.FAILED, ErrorCode.INTERNAL.error("restore failed: " + e));
        } finally {
            if (hold != null) {
                retention.release(hold);
            }
        }
    }

    /** Copies artifacts and manifest into a private sibling directory, verifying each on the way, then renames it. */
    private long restoreFiles(ClaimedJob claimed, RunningJob handle, RestoreRequested command, StoredPoint point,
            Cleanup cleanup) throws IOException {
        Path target = RestoreDirectory.resolve(Path.of(config.restoreRoot()).toAbsolutePath(),
                command.target().directory());
        List<ArtifactEntry> artifacts = point.manifest().artifacts();
        List<SubTaskPlan> plan = artifacts.stream()
                .map(a -> new SubTaskPlan(SubTask.Kind.FILE, a.database(), a.name())).toList();
        long total = artifacts.stream().mapToLong(ArtifactEntry::bytes).sum();
        lifecycle.plan(claimed.id(), plan, total);
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(".partial-" + claimed.id());
        cleanup.directory = partial;
        Files.createDirectories(partial);
        for (int i = 0; i < artifacts.size(); i++) {
            ArtifactEntry artifact = artifacts.get(i);
            cleanup.position = i;
            lifecycle.subTask(claimed.id(), i, SubTask.Status.IN_PROGRESS, 0, handle.bytes());
            long copied;
            String sha256;
            try (InputStream in = point.read(artifact.name());
                    ArtifactOutput out = ArtifactOutputs.create(partial.resolve(artifact.name()))) {
                copied = PgTools.pump(in, out, handle, true);
                out.close();
                sha256 = out.sha256();
            }
            verify(command, artifact, sha256, copied);
            lifecycle.subTask(claimed.id(), i, SubTask.Status.COMPLETED, copied, handle.bytes());
        }
        cleanup.position = -1;
        try (InputStream manifest = point.readManifest()) {
            Files.copy(manifest, partial.resolve(FileSystemRecoveryPointStore.MANIFEST));
        }
        if (Files.isDirectory(target)) {
            Files.delete(target); // empty, checked by RestoreDirectory
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        cleanup.directory = null;
        return handle.bytes();
    }

    private long restoreDatabase(ClaimedJob claimed, RunningJob handle, RestoreRequested command, StoredPoint point,
            Cleanup cleanup) throws IOException {
        RestoreTarget target = command.target();
        List<ArtifactEntry> dumps = point.manifest().artifacts().stream()
                .filter(a -> a.kind() == ArtifactEntry.Kind.DATABASE).toList();
        ArtifactEntry globals = point.manifest().artifacts().stream()
                .filter(a -> a.kind() == ArtifactEntry.Kind.GLOBALS).findFirst().orElse(null);
        if (dumps.isEmpty()) {
            throw new JobFailure(ErrorCode.INTERNAL.error("recovery point " + command.recoveryPointId()
                    + " holds no database"));
        }
        Map<String, ArtifactEntry> propertiesOf = new HashMap<>();
        point.manifest().artifacts().stream().filter(a -> a.kind() == ArtifactEntry.Kind.DATABASE_PROPERTIES)
                .forEach(a -> propertiesOf.put(a.database(), a));
        boolean withGlobals = target.includeGlobals() && globals != null;
        List<ArtifactEntry> used = new ArrayList<>();
        List<SubTaskPlan> plan = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (withGlobals) {
            used.add(globals);
            plan.add(new SubTaskPlan(SubTask.Kind.GLOBALS, null, globals.name()));
            names.add(null);
        }
        for (ArtifactEntry dump : dumps) {
            // One database restores into the target name; several into "<target>_<source name>".
            String name = dumps.size() == 1 ? target.database() : target.database() + "_" + dump.database();
            used.add(dump);
            plan.add(new SubTaskPlan(SubTask.Kind.DATABASE, name, dump.name()));
            names.add(name);
        }
        long total = used.stream().mapToLong(ArtifactEntry::bytes).sum();
        // Progress: the verification pass, then the restore pass.
        lifecycle.plan(claimed.id(), plan, total * 2);
        List<ArtifactEntry> verified = new ArrayList<>(used);
        dumps.stream().map(d -> propertiesOf.get(d.database())).filter(java.util.Objects::nonNull).forEach(verified::add);
        for (ArtifactEntry artifact : verified) {
            try (InputStream in = point.read(artifact.name())) {
                MessageDigest digest = ArtifactOutput.newSha256();
                long read = PgTools.pump(new DigestInputStream(in, digest), OutputStream.nullOutputStream(), handle,
                        true);
                verify(command, artifact, HexFormat.of().formatHex(digest.digest()), read);
            }
        }
        try (Credentials credentials = Credentials.resolve(Path.of(config.secretsDir()),
                command.instanceId().toString())) {
            String server = target.host() + ":" + target.port();
            String psql = tools.newestTool("psql");
            String pgRestore = tools.newestTool("pg_restore");
            String maintenance = ConnInfo.of(target.host(), target.port(), target.username(), "postgres", null);
            cleanup.dropper = name -> dropDatabase(psql, maintenance, name, credentials, server);
            for (int i = 0; i < plan.size(); i++) {
                cleanup.position = i;
                ArtifactEntry artifact = used.get(i);
                lifecycle.subTask(claimed.id(), i, SubTask.Status.IN_PROGRESS, 0, handle.bytes());
                long before = handle.bytes();
                if (names.get(i) == null) {
                    // Roles and tablespaces: existing ones are reported by psql and skipped, never altered.
                    run(List.of(psql, "-X", "-q", "--dbname=" + maintenance, "-f", "-"), credentials, handle,
                            point, artifact, server);
                } else {
                    String name = names.get(i);
                    DatabaseProperties properties = properties(point, propertiesOf.get(artifact.database()), name);
                    // With the source's encoding and locale when the point recorded them (older points did not).
                    String create = properties.create() != null ? properties.create()
                            : "create database " + ConnInfo.identifier(name) + ";";
                    psqlScript(psql, maintenance, create, credentials, handle, server);
                    cleanup.createdDatabases.add(name);
                    // Owners and grants are restored as they were: a role missing on the target fails the job
                    // (ROLE_MISSING, pointing at includeGlobals) rather than silently losing privileges.
                    List<String> restore = new ArrayList<>(List.of(pgRestore, "--exit-on-error"));
                    restore.add("--dbname=" + ConnInfo.of(target.host(), target.port(), target.username(), name, null));
                    run(restore, credentials, handle, point, artifact, server);
                    // Owner, comment, settings and grants last: a setting such as default_transaction_read_only
                    // must not apply to the restore itself.
                    if (!properties.afterRestore().isEmpty()) {
                        psqlScript(psql, maintenance, String.join("\n", properties.afterRestore()), credentials, handle,
                                server);
                    }
                }
                lifecycle.subTask(claimed.id(), i, SubTask.Status.COMPLETED, handle.bytes() - before, handle.bytes());
            }
            cleanup.position = -1;
            cleanup.createdDatabases.clear();
            return total;
        }
    }

    /** The database-level statements recorded with a dump, renamed to {@code name}; none for older points. */
    private static DatabaseProperties properties(StoredPoint point, ArtifactEntry artifact, String name)
            throws IOException {
        if (artifact == null) {
            return new DatabaseProperties(null, List.of());
        }
        try (InputStream in = point.read(artifact.name())) {
            String sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return DatabaseProperties.of(DatabaseProperties.statementsOf(sql), name);
        }
    }

    /** Runs SQL on the target's maintenance database, stopping at the first error, which fails the job. */
    private void psqlScript(String psql, String maintenance, String sql, Credentials credentials, RunningJob handle,
            String server) throws IOException {
        PgTools.Result result = tools.capture(List.of(psql, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "--dbname=" + maintenance, "-f", "-"), credentials, handle, sql + "\n");
        if (result.exitCode() != 0) {
            throw new JobFailure(StderrClassifier.classify(result.stderr(),
                    new StderrClassifier.Context("psql", server, credentials.description())));
        }
    }

    private void run(List<String> command, Credentials credentials, RunningJob handle, StoredPoint point,
            ArtifactEntry artifact, String server) throws IOException {
        // Progress counts the stored (compressed) bytes, the unit of the estimate and of the job's bytes;
        // counting what is fed to the tool would count the decompressed dump.
        try (InputStream stored = new CountingInputStream(point.read(artifact.name()), handle);
                InputStream in = "zstd".equals(artifact.compression()) ? new ZstdInputStream(stored) : stored) {
            PgTools.Result result = tools.run(command, credentials, handle, in, null, false);
            if (result.exitCode() != 0) {
                throw new JobFailure(StderrClassifier.classify(result.stderr(),
                        new StderrClassifier.Context(Path.of(command.get(0)).getFileName().toString(), server,
                                credentials.description())));
            }
        }
    }

    /** Adds every byte read to the job's progress. */
    private static final class CountingInputStream extends FilterInputStream {
        private final RunningJob job;

        CountingInputStream(InputStream in, RunningJob job) {
            super(in);
            this.job = job;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                job.addBytes(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                job.addBytes(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            job.addBytes(skipped);
            return skipped;
        }
    }

    private void dropDatabase(String psql, String maintenance, String name, Credentials credentials, String server) {
        try {
            RunningJob cleanupJob = new RunningJob(null, null, false);
            tools.capture(List.of(psql, "-X", "-q", "--dbname=" + maintenance, "-c",
                    "drop database if exists " + ConnInfo.identifier(name)), credentials, cleanupJob, null);
        } catch (IOException | RuntimeException e) {
            Log.warnf("could not drop the half-restored database %s on %s: %s", name, server, e.getMessage());
        }
    }

    private static void verify(RestoreRequested command, ArtifactEntry artifact, String sha256, long bytes) {
        if (!artifact.sha256().equalsIgnoreCase(sha256) || artifact.bytes() != bytes) {
            throw new JobFailure(ErrorCode.CHECKSUM_MISMATCH.error("artifact " + artifact.name() + " of recovery point "
                    + command.recoveryPointId() + " has SHA-256 " + sha256 + " (" + bytes + " bytes); the manifest says "
                    + artifact.sha256() + " (" + artifact.bytes() + " bytes)"));
        }
    }

    private void end(ClaimedJob claimed, RunningJob handle, Cleanup cleanup, SubTask.Status status, JobError error) {
        cleanup.run();
        try {
            if (cleanup.position >= 0) {
                lifecycle.subTask(claimed.id(), cleanup.position, status, 0, handle.bytes());
            }
            lifecycle.fail(claimed.id(), error);
        } catch (RuntimeException e) {
            Log.errorf(e, "could not record the end of job %s (the reaper will)", claimed.id());
        }
    }

    /** What a failed or cancelled restore must take back: its partial directory, the databases it created. */
    private static final class Cleanup {
        int position = -1;
        Path directory;
        final List<String> createdDatabases = new ArrayList<>();
        java.util.function.Consumer<String> dropper;

        void run() {
            try {
                if (directory != null) {
                    deleteTree(directory);
                }
            } catch (IOException e) {
                Log.warnf("could not remove %s: %s", directory, e.getMessage());
            }
            if (dropper != null) {
                createdDatabases.forEach(dropper);
            }
        }

        private static void deleteTree(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (var walk = Files.walk(dir)) {
                for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** Files outside the store also get counted, hashed and synced. */
    private static final class ArtifactOutputs {
        static ArtifactOutput create(Path file) throws IOException {
            return ArtifactOutput.open(new FileOutputStream(file.toFile()));
        }
    }
}
