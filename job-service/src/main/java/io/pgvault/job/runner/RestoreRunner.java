package io.pgvault.job.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.job.client.RetentionClient;
import io.pgvault.job.config.JobConfig;
import io.pgvault.job.credentials.AllowedTargets;
import io.pgvault.job.credentials.Credentials;
import io.pgvault.job.credentials.PrivateDirectory;
import io.pgvault.job.credentials.Secrets;
import io.pgvault.job.jobs.ClaimedJob;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobFailure;
import io.pgvault.job.jobs.JobService.SubTaskPlan;
import io.pgvault.job.jobs.SubTask;
import io.pgvault.job.store.ArtifactOutput;
import io.pgvault.job.store.Envelope;
import io.pgvault.job.store.FileSystemRecoveryPointStore;
import io.pgvault.job.store.Fsync;
import io.pgvault.job.store.OwnerOnly;
import io.pgvault.job.store.RecoveryPointStore;
import io.pgvault.job.store.RecoveryPointStore.StoredPoint;
import io.pgvault.platform.json.Json;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A restore: for a database, first check that the target is allowed and has a credential of its
 * own (the source's password is never offered to it), before anything connects to it; then hold the
 * point at retention-service, verify every artifact against the manifest's SHA-256, then copy the files
 * into a private directory under the restore root (0700, files 0600), or create a new database and
 * restore the dump into it: each dump is read from the store once, checked on the way and written decompressed into
 * a local copy ({@link LocalCopies}), from which {@code pg_restore --jobs} restores it; a dump too large for the
 * copy's bounds is streamed into {@code pg_restore} instead. The hold is released at the end, also on failure.
 * Blocking: runs on a job worker thread.
 */
@ApplicationScoped
public class RestoreRunner {

    /** The prefix of a restore's staging directory, {@code .partial-<job id>}. */
    static final String STAGING_PREFIX = ".partial-";

    private final PgTools tools;
    private final RecoveryPointStore store;
    private final JobLifecycle lifecycle;
    private final RetentionClient retention;
    private final Secrets secrets;
    private final AllowedTargets allowedTargets;
    private final JobConfig config;
    private final ObjectMapper mapper;
    private final PrivateDirectory privateDirectory;

    public RestoreRunner(PgTools tools, RecoveryPointStore store, JobLifecycle lifecycle, RetentionClient retention,
            Secrets secrets, AllowedTargets allowedTargets, JobConfig config, ObjectMapper mapper,
            PrivateDirectory privateDirectory) {
        this.tools = tools;
        this.store = store;
        this.lifecycle = lifecycle;
        this.retention = retention;
        this.secrets = secrets;
        this.allowedTargets = allowedTargets;
        this.config = config;
        this.mapper = mapper;
        this.privateDirectory = privateDirectory;
    }

    /**
     * One run of a restore job: what it restores, from where, the target's own credentials (into a database),
     * and what it must take back if it fails.
     */
    private record Run(ClaimedJob claimed, RunningJob handle, RestoreRequested command, StoredPoint point,
            Credentials credentials, JobSteps steps, Cleanup cleanup) {
    }

    /**
     * One step of a restore into databases: the globals script, or one dump into its new database.
     *
     * @param artifact   the script or dump it feeds to the tool
     * @param database   the new database; {@code null} for the globals
     * @param properties the dump's database definition ({@code db-N.database.sql}); {@code null} if none
     */
    private record DatabaseStep(ArtifactEntry artifact, String database, ArtifactEntry properties) {

        boolean isGlobals() {
            return database == null;
        }

        SubTaskPlan subTask() {
            return new SubTaskPlan(isGlobals() ? SubTask.Kind.GLOBALS : SubTask.Kind.DATABASE, database, artifact.name());
        }
    }

    /** Runs the job to its end (COMPLETED, FAILED or CANCELLED); never throws. */
    public void run(ClaimedJob claimed, RunningJob handle) {
        JobSteps steps = lifecycle.steps(claimed.id(), handle);
        Cleanup cleanup = new Cleanup();
        RetentionClient.Hold hold = null;
        Credentials credentials = null;
        try {
            RestoreRequested command = Json.read(mapper, claimed.request(), RestoreRequested.class);
            if (command.target().type() == RestoreTarget.Type.DATABASE) {
                // Before the hold and before anything connects to the target.
                allowedTargets.check(command);
                credentials = secrets.forTarget(command.target());
            }
            hold = JobLifecycle.await(() -> retention.take(command.recoveryPointId(), command.instanceId(),
                    claimed.id(), command.requestedBy(), config.holdLeaseSeconds()));
            // Renewed with every heartbeat from now on (JobWorker), released below whatever the ending.
            handle.holding(hold);
            StoredPoint point = CheckedPoints.open(store, lifecycle, command.instanceId(), command.recoveryPointId());
            Run run = new Run(claimed, handle, command, point, credentials, steps, cleanup);
            long bytes = command.target().type() == RestoreTarget.Type.FILES ? restoreFiles(run) : restoreDatabase(run);
            if (!lifecycle.complete(claimed.id(), bytes, null, null)) {
                cleanup.run();
            }
        } catch (IOException | RuntimeException e) {
            Ending ending = Ending.of(e, handle, "restore", "the restore target");
            cleanup.run();
            steps.end(ending);
        } finally {
            handle.holding(null);
            release(hold);
            Credentials.closeQuietly(credentials);
        }
    }


    private void release(RetentionClient.Hold hold) {
        if (hold != null) {
            JobLifecycle.await(() -> retention.release(hold));
        }
    }

    /** Copies artifacts and manifest into a private sibling directory, verifying each on the way, then renames it. */
    private long restoreFiles(Run run) throws IOException {
        Path target = RestoreDirectory.resolve(Path.of(config.restoreRoot()).toAbsolutePath(),
                run.command().target().directory());
        List<ArtifactEntry> artifacts = run.point().manifest().artifacts();
        run.steps().plan(artifacts.stream().map(a -> new SubTaskPlan(SubTask.Kind.FILE, a.database(), a.name())).toList(),
                artifacts.stream().mapToLong(ArtifactEntry::bytes).sum());
        OwnerOnly.createDirectories(target.getParent());
        Path partial = stagingDirectory(target, run.claimed().id());
        run.cleanup().directory = partial;
        OwnerOnly.createDirectories(partial);
        for (int i = 0; i < artifacts.size(); i++) {
            run.steps().start(i);
            run.steps().done(copy(run, artifacts.get(i), partial));
        }
        try (InputStream manifest = run.point().readManifest();
                OutputStream out = OwnerOnly.newFile(partial.resolve(FileSystemRecoveryPointStore.MANIFEST))) {
            manifest.transferTo(out);
        }
        if (keepEncrypted(run)) {
            // The point's wrapped keys, for pgvault decrypt on a host with the master keyset.
            try (OutputStream out = OwnerOnly.newFile(partial.resolve(Envelope.OBJECT))) {
                out.write(run.point().envelope().orElseThrow());
            }
        }
        if (Files.isDirectory(target)) {
            Files.delete(target); // empty, checked by RestoreDirectory
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        // The rename is durable once the parent directory is synced; the files were synced on close.
        Fsync.directory(target);
        Fsync.directory(target.getParent());
        run.cleanup().directory = null;
        return run.handle().bytes();
    }

    /**
     * Where a restore as files is staged before its rename: a sibling of the target named after the job, so a
     * dead job's staging directory is found from its row (and only its own).
     */
    static Path stagingDirectory(Path target, UUID jobId) {
        return target.resolveSibling(STAGING_PREFIX + jobId);
    }

    /** Copies one artifact into {@code directory}, checking it against the manifest; answers the bytes copied. */
    private static long copy(Run run, ArtifactEntry artifact, Path directory) throws IOException {
        if (keepEncrypted(run)) {
            // Decrypted and checked on the way, the ciphertext copied as stored.
            verify(run, artifact);
            try (InputStream in = run.point().readStored(artifact.name());
                    ArtifactOutput out = ArtifactOutputs.create(directory.resolve(artifact.name()))) {
                return PgTools.pump(in, out, run.handle(), true);
            }
        }
        long copied;
        String sha256;
        try (InputStream in = run.point().read(artifact.name());
                ArtifactOutput out = ArtifactOutputs.create(directory.resolve(artifact.name()))) {
            copied = PgTools.pump(in, out, run.handle(), true);
            out.close();
            sha256 = out.sha256();
        }
        verify(run.command(), artifact, sha256, copied);
        return copied;
    }

    /** A restore as files that keeps an encrypted point's artifacts as stored. */
    private static boolean keepEncrypted(Run run) {
        return run.command().target().keepEncrypted() && run.point().encrypted();
    }

    /**
     * Verifies every artifact it uses (each dump while it is copied), then restores the globals (if asked) and each
     * dump into a new database; the local copies are removed at the end, whatever the ending.
     */
    private long restoreDatabase(Run run) throws IOException {
        JobConfig.RestoreSettings settings = config.restore();
        try (LocalCopies copies = LocalCopies.open(privateDirectory.path(), run.claimed().id(),
                settings.localCopyLimit(), settings.localCopyMinFree())) {
            return restoreDatabase(run, copies);
        }
    }

    private long restoreDatabase(Run run, LocalCopies copies) throws IOException {
        List<DatabaseStep> plan = databaseSteps(run.point().manifest(), run.command());
        long total = plan.stream().mapToLong(step -> step.artifact().bytes()).sum();
        // Progress: the verification pass (the copy), then the restore pass.
        run.steps().plan(plan.stream().map(DatabaseStep::subTask).toList(), total * 2);
        List<ArtifactEntry> verified = new ArrayList<>();
        plan.stream().filter(DatabaseStep::isGlobals).map(DatabaseStep::artifact).forEach(verified::add);
        plan.stream().map(DatabaseStep::properties).filter(Objects::nonNull).forEach(verified::add);
        for (ArtifactEntry artifact : verified) {
            verify(run, artifact);
        }
        // Every dump read and checked before anything is created on the target.
        Map<String, Path> local = new HashMap<>();
        for (DatabaseStep step : plan) {
            if (!step.isGlobals()) {
                LocalCopies.Copy copy = copies.copy(run.point(), step.artifact(), run.handle());
                verify(run.command(), step.artifact(), copy.sha256(), copy.bytes());
                if (copy.file() != null) {
                    local.put(step.artifact().name(), copy.file());
                }
            }
        }
        TargetServer server = new TargetServer(run.command().target(), run.credentials(), run.handle());
        run.cleanup().dropper = server::dropDatabase;
        for (int i = 0; i < plan.size(); i++) {
            run.steps().start(i);
            long before = run.handle().bytes();
            DatabaseStep step = plan.get(i);
            if (step.isGlobals()) {
                server.restoreGlobals(run.point(), step.artifact());
            } else {
                restoreInto(run, server, step, local.get(step.artifact().name()));
            }
            run.steps().done(run.handle().bytes() - before);
        }
        run.cleanup().createdDatabases.clear();
        return total;
    }

    /** The globals if the target asks for them and the point has them, then each dump into its new database. */
    private static List<DatabaseStep> databaseSteps(RecoveryPointManifest manifest, RestoreRequested command) {
        RestoreTarget target = command.target();
        List<ArtifactEntry> dumps = manifest.artifacts().stream()
                .filter(a -> a.kind() == ArtifactEntry.Kind.DATABASE).toList();
        if (dumps.isEmpty()) {
            throw new JobFailure(ErrorCode.INTERNAL.error("recovery point " + command.recoveryPointId()
                    + " holds no database"));
        }
        Map<String, ArtifactEntry> propertiesOf = new HashMap<>();
        manifest.artifacts().stream().filter(a -> a.kind() == ArtifactEntry.Kind.DATABASE_PROPERTIES)
                .forEach(a -> propertiesOf.put(a.database(), a));
        List<DatabaseStep> steps = new ArrayList<>();
        manifest.artifacts().stream().filter(a -> a.kind() == ArtifactEntry.Kind.GLOBALS).findFirst()
                .filter(globals -> target.includeGlobals())
                .ifPresent(globals -> steps.add(new DatabaseStep(globals, null, null)));
        for (ArtifactEntry dump : dumps) {
            // One database restores into the target name; several into "<target>_<source name>".
            String name = dumps.size() == 1 ? target.database() : target.database() + "_" + dump.database();
            steps.add(new DatabaseStep(dump, name, propertiesOf.get(dump.database())));
        }
        return steps;
    }

    /**
     * Creates the step's database as the source's was, restores its dump, then applies the rest of its definition.
     * How a database is known to be the job's own, should the job die half-way (kill -9): its name is recorded in
     * the job's row before CREATE DATABASE, and the database carries the comment {@code pgvault-restore:<job id>}
     * from right after its creation until its dump is restored. The debris cleanup drops a database only when both
     * match; one that existed before (CREATE DATABASE failed: TARGET_EXISTS) has no such comment and is kept.
     */
    private void restoreInto(Run run, TargetServer server, DatabaseStep step, Path localCopy) throws IOException {
        DatabaseProperties properties = properties(run.point(), step.properties(), step.database());
        String name = ConnInfo.identifier(step.database());
        if (!lifecycle.recordTargetDatabase(run.claimed().id(), step.database())) {
            throw new JobCancelled(); // cancelled or reaped meanwhile: create nothing more
        }
        // With the source's encoding and locale when the point recorded them (older points did not).
        server.script(properties.create() != null ? properties.create() : "create database " + name + ";");
        run.cleanup().createdDatabases.add(step.database());
        server.script("comment on database " + name + " is " + ConnInfo.literal(ownershipMark(run.claimed().id()))
                + ";");
        // Owners and grants are restored as they were: a role missing on the target fails the job
        // (ROLE_MISSING, pointing at includeGlobals) rather than silently losing privileges.
        if (localCopy != null) {
            server.restoreDump(localCopy, step.artifact(), step.database());
            // Its space back for the next database's restore; the rest go with the directory at the end.
            Files.deleteIfExists(localCopy);
        } else {
            server.restoreDump(run.point(), step.artifact(), step.database());
        }
        // The database is complete: no longer the job's to drop. Then owner, comment (the source's, if it had
        // one), settings and grants last: a setting such as default_transaction_read_only must not apply to
        // the restore itself.
        List<String> finish = new ArrayList<>();
        finish.add("comment on database " + name + " is null;");
        finish.addAll(properties.afterRestore());
        server.script(String.join("\n", finish));
    }

    /** The {@code pg_restore} of a local copy with {@code jobs} parallel jobs. */
    static List<String> parallelRestore(String pgRestore, String conn, int jobs, Path localCopy) {
        return List.of(pgRestore, "--no-password", "--exit-on-error", "--jobs=" + jobs, "--dbname=" + conn,
                localCopy.toString());
    }

    /** The comment a database carries while the restore job that created it fills it. */
    public static String ownershipMark(UUID jobId) {
        return "pgvault-restore:" + jobId;
    }

    /** The database-level statements recorded with a dump, renamed to {@code name}; none for older points. */
    private static DatabaseProperties properties(StoredPoint point, ArtifactEntry artifact, String name)
            throws IOException {
        if (artifact == null) {
            return new DatabaseProperties(null, List.of());
        }
        try (InputStream in = point.read(artifact.name())) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return DatabaseProperties.of(DatabaseProperties.statementsOf(sql), name);
        }
    }

    /** Reads a stored artifact whole, counting it as progress, and checks it against the manifest. */
    private static void verify(Run run, ArtifactEntry artifact) throws IOException {
        try (InputStream in = run.point().read(artifact.name())) {
            MessageDigest digest = ArtifactOutput.newSha256();
            long read = PgTools.pump(new DigestInputStream(in, digest), OutputStream.nullOutputStream(), run.handle(),
                    true);
            verify(run.command(), artifact, HexFormat.of().formatHex(digest.digest()), read);
        }
    }

    private static void verify(RestoreRequested command, ArtifactEntry artifact, String sha256, long bytes) {
        if (!artifact.sha256().equalsIgnoreCase(sha256) || artifact.bytes() != bytes) {
            throw new JobFailure(ErrorCode.CHECKSUM_MISMATCH.error("artifact " + artifact.name() + " of recovery point "
                    + command.recoveryPointId() + " has SHA-256 " + sha256 + " (" + bytes + " bytes); the manifest says "
                    + artifact.sha256() + " (" + artifact.bytes() + " bytes)"));
        }
    }

    /** The server a restore writes into: its tools, its maintenance database and its own password source. */
    private final class TargetServer {
        private final RestoreTarget target;
        private final Credentials credentials;
        private final RunningJob job;
        private final String server;
        private final String psql;
        private final String pgRestore;
        private final String maintenance;
        private boolean checksClient;

        TargetServer(RestoreTarget target, Credentials credentials, RunningJob job) throws IOException {
            this.target = target;
            this.credentials = credentials;
            this.job = job;
            this.server = target.host() + ":" + target.port();
            this.psql = tools.newestTool("psql");
            this.pgRestore = tools.newestTool("pg_restore");
            this.checksClient = serverVersionNum() >= 140000;
            this.maintenance = conn("postgres");
        }

        /**
         * The connection string; from PostgreSQL 14 on with {@code client_connection_check_interval}, so that a
         * backend whose psql was killed (cancel, maximum duration) stops even while it waits for a lock, instead of
         * creating a database after its job has ended: psql, unlike pg_dump and pg_restore, sends no cancel
         * request when terminated.
         */
        private String conn(String database) {
            String conn = ConnInfo.of(target.host(), target.port(), target.username(), database, target.sslMode());
            return checksClient ? conn + " options='-c client_connection_check_interval=1000'" : conn;
        }

        private int serverVersionNum() throws IOException {
            return Integer.parseInt(tools.capture(List.of(psql, "-X", "--no-password", "-A", "-t", "-q",
                    "--dbname=" + conn("postgres"), "-c", "show server_version_num"), credentials, job, null)
                    .orFail(StderrClassifier.Context.of(psql, server, credentials)).stdoutText().strip());
        }

        /** Roles and tablespaces: existing ones are reported by psql and skipped, never altered. */
        void restoreGlobals(StoredPoint point, ArtifactEntry globals) throws IOException {
            feed(List.of(psql, "-X", "--no-password", "-q", "--dbname=" + maintenance, "-f", "-"), point, globals);
        }

        /** {@code pg_restore} of a dump streamed from the store into an existing (new, empty) database; stops at the first error. */
        void restoreDump(StoredPoint point, ArtifactEntry dump, String database) throws IOException {
            feed(List.of(pgRestore, "--no-password", "--exit-on-error", "--dbname=" + conn(database)), point, dump);
        }

        /** {@code pg_restore --jobs} of a dump's local copy into an existing (new, empty) database; stops at the first error. */
        void restoreDump(Path localCopy, ArtifactEntry dump, String database) throws IOException {
            List<String> command = parallelRestore(pgRestore, conn(database),
                    Parallelism.restoreJobs(config.restore().jobs(), Runtime.getRuntime().availableProcessors()),
                    localCopy);
            tools.run(command, credentials, job, null, null, false)
                    .orFail(StderrClassifier.Context.of(pgRestore, server, credentials));
            // Progress counts stored bytes, as the streamed restore does.
            job.addBytes(dump.bytes());
        }

        /** Runs SQL on the target's maintenance database, stopping at the first error, which fails the job. */
        void script(String sql) throws IOException {
            tools.capture(List.of(psql, "-X", "--no-password", "-q", "-v", "ON_ERROR_STOP=1", "--dbname=" + maintenance,
                    "-f", "-"), credentials, job, sql + "\n").orFail(StderrClassifier.Context.of(psql, server, credentials));
        }

        private void feed(List<String> command, StoredPoint point, ArtifactEntry artifact) throws IOException {
            // Progress counts the stored (compressed) bytes, the unit of the estimate and of the job's bytes;
            // counting what is fed to the tool would count the decompressed dump.
            try (InputStream stored = new CountingInputStream(point.read(artifact.name()), job);
                    InputStream in = "zstd".equals(artifact.compression()) ? new ZstdInputStream(stored) : stored) {
                tools.run(command, credentials, job, in, null, false)
                        .orFail(StderrClassifier.Context.of(command.get(0), server, credentials));
            }
        }

        /** Drops a database this restore created, even once the job is cancelled; a failure is logged. */
        void dropDatabase(String name) {
            try {
                RunningJob cleanupJob = RunningJob.forCleanup(Duration.ofMinutes(5));
                tools.capture(List.of(psql, "-X", "--no-password", "-q", "--dbname=" + maintenance, "-c",
                        "drop database if exists " + ConnInfo.identifier(name)), credentials, cleanupJob, null);
            } catch (IOException | RuntimeException e) {
                Log.warnf("could not drop the half-restored database %s on %s: %s", name, server, e.getMessage());
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

    /** What a failed or cancelled restore must take back: its partial directory, the databases it created. */
    private static final class Cleanup {
        Path directory;
        final List<String> createdDatabases = new ArrayList<>();
        Consumer<String> dropper;

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
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** Files outside the store also get counted, hashed and synced, and are private (0600) from the start. */
    private static final class ArtifactOutputs {
        static ArtifactOutput create(Path file) throws IOException {
            return ArtifactOutput.open(OwnerOnly.newFile(file));
        }
    }
}
