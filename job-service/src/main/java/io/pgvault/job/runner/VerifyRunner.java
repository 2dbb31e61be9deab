package io.pgvault.job.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.contracts.common.DatabaseFigures;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.common.VerificationEvidence;
import io.pgvault.contracts.instance.VerifyRequested;
import io.pgvault.job.client.RetentionClient;
import io.pgvault.job.config.JobConfig;
import io.pgvault.job.credentials.Credentials;
import io.pgvault.job.credentials.Secrets;
import io.pgvault.job.jobs.ClaimedJob;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobError;
import io.pgvault.job.jobs.JobFailure;
import io.pgvault.job.jobs.JobService.SubTaskPlan;
import io.pgvault.job.jobs.SubTask;
import io.pgvault.job.store.ArtifactOutput;
import io.pgvault.job.store.RecoveryPointStore;
import io.pgvault.job.store.RecoveryPointStore.StoredPoint;
import io.pgvault.platform.json.Json;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A verification: hold the point, restore each of its dumps into a scratch database
 * {@code pgvault_verify_<job id>} on the verification server ({@code pgvault.job.verify.*}), read the same
 * figures there that the backup recorded in its snapshot ({@link Figures}), compare them
 * ({@link VerificationCheck}) and drop the scratch database; it is dropped on failure too, and by the
 * reaper's debris cleanup after a kill (recorded before CREATE DATABASE and marked with the restore's
 * ownership comment, see {@link RestoreDebris}). The artifacts' SHA-256 is checked in the same pass
 * that feeds pg_restore. The outcome (VERIFIED or FAILED with the evidence) ends the job and is
 * announced as VerificationCompleted; a verification that could not run (server unreachable,
 * cancelled, interrupted) ends without an outcome. Blocking: runs on a job worker thread.
 */
@ApplicationScoped
public class VerifyRunner {

    /** Failures that say nothing about the point: the job fails, no outcome is recorded. */
    private static final Set<ErrorCode> NO_OUTCOME = Set.of(ErrorCode.CANCELLED, ErrorCode.INTERRUPTED,
            ErrorCode.MAX_DURATION_EXCEEDED, ErrorCode.HOST_UNREACHABLE, ErrorCode.AUTHENTICATION_FAILED,
            ErrorCode.TARGET_CREDENTIALS_MISSING, ErrorCode.HOLD_REFUSED, ErrorCode.DISK_FULL,
            ErrorCode.KEY_UNAVAILABLE, ErrorCode.PG_DUMP_TOO_OLD);
    private static final int MAX_WARNINGS = 50;

    private final PgTools tools;
    private final RecoveryPointStore store;
    private final JobLifecycle lifecycle;
    private final RetentionClient retention;
    private final Secrets secrets;
    private final JobConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;

    public VerifyRunner(PgTools tools, RecoveryPointStore store, JobLifecycle lifecycle, RetentionClient retention,
            Secrets secrets, JobConfig config, ObjectMapper mapper, Clock clock) {
        this.tools = tools;
        this.store = store;
        this.lifecycle = lifecycle;
        this.retention = retention;
        this.secrets = secrets;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** The name of the verification server of {@code pgvault.job.verify.host/port/username/ssl-mode}. */
    public static final String DEFAULT_TARGET = "default";

    /**
     * The verification server named {@code name}, as a database target (its credential is a restore target's):
     * {@code null}, blank or {@value #DEFAULT_TARGET} is {@code pgvault.job.verify.*}, any other name one of
     * {@code pgvault.job.verify.targets.<name>.*}.
     *
     * @throws JobFailure NOT_VERIFIABLE naming the target, if job-service has no server of that name
     */
    public static RestoreTarget server(JobConfig config, String name) {
        JobConfig.VerifySettings verify = config.verify();
        if (name == null || name.isBlank() || DEFAULT_TARGET.equals(name)) {
            return RestoreTarget.database(verify.host(), verify.port(), verify.username(), "postgres", false,
                    verify.sslMode().filter(mode -> !mode.isBlank()).orElse(null));
        }
        JobConfig.VerifyTarget named = verify.targets().get(name);
        if (named == null) {
            java.util.List<String> known = new ArrayList<>(verify.targets().keySet());
            known.add(DEFAULT_TARGET);
            java.util.Collections.sort(known);
            throw new JobFailure(ErrorCode.NOT_VERIFIABLE.error("verify.target '" + name + "' names no verification"
                    + " server of job-service (known: " + String.join(", ", known)
                    + "); configure pgvault.job.verify.targets." + name + ".host or change the policy's verify.target"));
        }
        return RestoreTarget.database(named.host(), named.port(), named.username(), "postgres", false,
                named.sslMode().filter(mode -> !mode.isBlank()).orElse(null));
    }

    /** The scratch database of dump {@code index} of {@code count}: {@code pgvault_verify_<job id>[_<n>]}. */
    static String scratchName(UUID jobId, int index, int count) {
        return "pgvault_verify_" + jobId + (count == 1 ? "" : "_" + (index + 1));
    }

    /** What one run found so far; the evidence is made of it. */
    private static final class Findings {
        final List<String> warnings = new ArrayList<>();
        final Map<String, DatabaseFigures> restored = new LinkedHashMap<>();
        final List<String> created = new ArrayList<>();
        RecoveryPointManifest manifest;
    }

    /** Runs the job to its end (COMPLETED, FAILED or CANCELLED); never throws. */
    public void run(ClaimedJob claimed, RunningJob handle) {
        JobSteps steps = lifecycle.steps(claimed.id(), handle);
        Findings findings = new Findings();
        RetentionClient.Hold hold = null;
        Credentials credentials = null;
        Scratch scratch = null;
        RestoreTarget server = null;
        try {
            VerifyRequested command = Json.read(mapper, claimed.request(), VerifyRequested.class);
            server = server(config, command.target());
            credentials = secrets.forTarget(server);
            hold = JobLifecycle.await(() -> retention.take(command.recoveryPointId(), command.instanceId(),
                    claimed.id(), command.requestedBy(), config.holdLeaseSeconds()));
            // Renewed with every heartbeat (JobWorker), so the sweep leaves the point while it is verified.
            handle.holding(hold);
            StoredPoint point = CheckedPoints.open(store, lifecycle, command.instanceId(), command.recoveryPointId());
            findings.manifest = point.manifest();
            if (findings.manifest.figures() == null) {
                throw new JobFailure(ErrorCode.NOT_VERIFIABLE.error("recovery point " + command.recoveryPointId()
                        + " recorded no figures at backup time"));
            }
            List<ArtifactEntry> dumps = findings.manifest.artifacts().stream()
                    .filter(a -> a.kind() == ArtifactEntry.Kind.DATABASE).toList();
            steps.plan(dumps.stream().map(d -> new SubTaskPlan(SubTask.Kind.DATABASE, d.database(), d.name())).toList(),
                    dumps.stream().mapToLong(ArtifactEntry::bytes).sum());
            scratch = new Scratch(server, credentials, handle);
            for (int i = 0; i < dumps.size(); i++) {
                steps.start(i);
                long before = handle.bytes();
                verifyOne(claimed, point, dumps.get(i), scratchName(claimed.id(), i, dumps.size()), scratch, findings);
                steps.done(handle.bytes() - before);
            }
            VerificationCheck check = VerificationCheck.compare(findings.manifest.figures(), findings.restored);
            JobError failure = check.verified() ? null : ErrorCode.VERIFICATION_FAILED.error(check.mismatches().get(0)
                    + (check.mismatches().size() > 1 ? " (and " + (check.mismatches().size() - 1) + " more)" : ""));
            end(claimed, steps, evidence(claimed, server, check, findings), failure);
        } catch (IOException | RuntimeException e) {
            Ending ending = Ending.of(e, handle, "verification", "the verification server");
            dropAll(scratch, findings);
            // without a server (an unknown target) nothing ran: the job fails without an outcome
            if (server != null && ending.status() == SubTask.Status.FAILED
                    && !NO_OUTCOME.contains(ending.error().code())) {
                List<DatabaseFigures> recorded = findings.manifest == null || findings.manifest.figures() == null
                        ? List.of() : findings.manifest.figures();
                VerificationCheck partial = VerificationCheck.compare(recorded, findings.restored);
                List<String> mismatches = new ArrayList<>(List.of(ending.error().message()));
                VerificationCheck failed = new VerificationCheck(partial.tables(), mismatches);
                JobError error = ending.error().code() == ErrorCode.INTERNAL
                        ? ErrorCode.VERIFICATION_FAILED.error(ending.error().message()) : ending.error();
                steps.markCurrent(SubTask.Status.FAILED);
                end(claimed, steps, evidence(claimed, server, failed, findings), error);
            } else {
                steps.end(ending);
            }
        } finally {
            handle.holding(null);
            if (hold != null) {
                RetentionClient.Hold taken = hold;
                try {
                    JobLifecycle.await(() -> retention.release(taken));
                } catch (RuntimeException e) {
                    Log.warnf("could not release the verification hold of job %s (its lease runs out): %s",
                            claimed.id(), e.getMessage());
                }
            }
            Credentials.closeQuietly(credentials);
        }
    }

    /** Restores one dump into its scratch database, reads its figures, and drops it. */
    private void verifyOne(ClaimedJob claimed, StoredPoint point, ArtifactEntry dump, String name, Scratch scratch,
            Findings findings) throws IOException {
        if (!lifecycle.recordTargetDatabase(claimed.id(), name)) {
            throw new JobCancelled(); // cancelled or reaped meanwhile: create nothing more
        }
        scratch.create(name);
        findings.created.add(name);
        scratch.mark(name, RestoreRunner.ownershipMark(claimed.id()));
        String sha256 = scratch.restore(point, dump, name, findings.warnings);
        if (!dump.sha256().equalsIgnoreCase(sha256)) {
            throw new JobFailure(ErrorCode.CHECKSUM_MISMATCH.error("artifact " + dump.name() + " of recovery point "
                    + claimed.recoveryPointId() + " has SHA-256 " + sha256 + "; the manifest says " + dump.sha256()));
        }
        Figures.Mode mode = findings.manifest.figures().stream().filter(f -> f.database().equals(dump.database()))
                .flatMap(f -> f.tables().stream()).anyMatch(t -> t.digest() == null) ? Figures.Mode.COUNTS
                        : Figures.Mode.DIGEST;
        findings.restored.put(dump.database(), scratch.figures(name, dump.database(), mode));
        scratch.drop(name);
        findings.created.remove(name);
    }

    private VerificationEvidence evidence(ClaimedJob claimed, RestoreTarget server, VerificationCheck check,
            Findings findings) {
        Instant now = clock.instant();
        return new VerificationEvidence(check.verified() ? VerificationEvidence.Outcome.VERIFIED
                : VerificationEvidence.Outcome.FAILED, claimed.id(), claimed.startedAt(), now,
                Math.max(0, Duration.between(claimed.startedAt(), now).toMillis()), server.host() + ":" + server.port(),
                check.tables(), check.mismatches(), findings.warnings);
    }

    private void end(ClaimedJob claimed, JobSteps steps, VerificationEvidence evidence, JobError failure) {
        try {
            lifecycle.endVerification(claimed.id(), evidence, failure);
        } catch (RuntimeException e) {
            Log.errorf(e, "could not record the outcome of verification %s", claimed.id());
            steps.end(new Ending(SubTask.Status.FAILED, failure != null ? failure
                    : ErrorCode.INTERNAL.error("the outcome could not be recorded: " + e.getMessage())));
        }
    }

    private static void dropAll(Scratch scratch, Findings findings) {
        if (scratch != null) {
            new ArrayList<>(findings.created).forEach(scratch::dropQuietly);
        }
    }


    /** The verification server: its tools, its maintenance database and its own password source. */
    private final class Scratch {
        private final RestoreTarget server;
        private final Credentials credentials;
        private final RunningJob job;
        private final String psql;
        private final String pgRestore;
        private final StderrClassifier.Context context;

        Scratch(RestoreTarget server, Credentials credentials, RunningJob job) {
            this.server = server;
            this.credentials = credentials;
            this.job = job;
            this.psql = tools.newestTool("psql");
            this.pgRestore = tools.newestTool("pg_restore");
            this.context = StderrClassifier.Context.of(psql, server.host() + ":" + server.port(), credentials);
        }

        private String conn(String database) {
            return ConnInfo.of(server.host(), server.port(), server.username(), database, server.sslMode());
        }

        private void script(String sql, RunningJob runner) throws IOException {
            tools.capture(List.of(psql, "-X", "--no-password", "-q", "-v", "ON_ERROR_STOP=1", "--dbname="
                    + conn("postgres"), "-f", "-"), credentials, runner, sql + "\n").orFail(context);
        }

        /** A new, empty, UTF-8 database from template0 (the figures compare text, not the source's locale). */
        void create(String name) throws IOException {
            script("create database " + ConnInfo.identifier(name) + " template template0 encoding 'UTF8';", job);
        }

        void mark(String name, String mark) throws IOException {
            script("comment on database " + ConnInfo.identifier(name) + " is " + ConnInfo.literal(mark) + ";", job);
        }

        /**
         * pg_restore of the dump without owners and grants (the verification server need not have the source's
         * roles), stopping at the first error; its warnings are kept. Answers the artifact's SHA-256 as read.
         */
        String restore(StoredPoint point, ArtifactEntry dump, String name, List<String> warnings) throws IOException {
            MessageDigest digest = ArtifactOutput.newSha256();
            List<String> command = List.of(pgRestore, "--no-password", "--exit-on-error", "--no-owner",
                    "--no-privileges", "--dbname=" + conn(name));
            PgTools.Result result;
            try (DigestInputStream stored = new DigestInputStream(new Counting(point.read(dump.name()), job), digest)) {
                InputStream in = "zstd".equals(dump.compression()) ? new ZstdInputStream(stored) : stored;
                result = tools.run(command, credentials, job, in, null, false);
                Arrays.stream(result.stderr().split("\n")).map(String::strip).filter(line -> !line.isEmpty())
                        .limit(Math.max(0, MAX_WARNINGS - warnings.size())).forEach(warnings::add);
                result.orFail(StderrClassifier.Context.of(pgRestore, server.host() + ":" + server.port(), credentials));
                // Whatever the decompressor left unread still belongs to the artifact's digest.
                stored.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        }

        /** The figures of the restored database, read as the backup read them. */
        DatabaseFigures figures(String name, String sourceDatabase, Figures.Mode mode) throws IOException {
            Figures reader = new Figures(mapper);
            try (PsqlSession session = PsqlSession.open(tools, psql, conn(name), credentials, job, context)) {
                return reader.read(session, sourceDatabase, mode, reader.sequences(session));
            }
        }

        void drop(String name) throws IOException {
            script("drop database if exists " + ConnInfo.identifier(name) + ";",
                    RunningJob.forCleanup(Duration.ofMinutes(5)));
        }

        /** Drops a scratch database even once the job is cancelled; a failure is logged (the reaper retries). */
        void dropQuietly(String name) {
            try {
                drop(name);
            } catch (IOException | RuntimeException e) {
                Log.warnf("could not drop the scratch database %s: %s", name, e.getMessage());
            }
        }
    }

    /** Counts the stored bytes read as the job's progress (the unit of its estimate). */
    private static final class Counting extends java.io.FilterInputStream {
        private final RunningJob job;

        Counting(InputStream in, RunningJob job) {
            super(in);
            this.job = job;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                job.addBytes(n);
            }
            return n;
        }
    }
}
