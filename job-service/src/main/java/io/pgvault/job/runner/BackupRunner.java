package io.pgvault.job.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.contracts.common.DatabaseFigures;
import io.pgvault.contracts.common.Datasource;
import io.pgvault.contracts.common.ManifestRef;
import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.job.config.JobConfig;
import io.pgvault.job.credentials.Credentials;
import io.pgvault.job.credentials.Secrets;
import io.pgvault.job.jobs.ClaimedJob;
import io.pgvault.job.jobs.JobFailure;
import io.pgvault.job.jobs.JobService.SubTaskPlan;
import io.pgvault.job.jobs.SubTask;
import io.pgvault.job.store.ArtifactOutput;
import io.pgvault.job.store.RecoveryPointStore;
import io.pgvault.job.store.FileSystemRecoveryPointStore;
import io.pgvault.job.store.RecoveryPointStore.PartialPoint;
import io.pgvault.job.store.RecoveryPointStore.StoredPoint;
import io.pgvault.platform.json.Json;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backup: {@code pg_dumpall --globals-only} and one {@code pg_dump -Fc} per database, each
 * streamed (compressed when the setting says zstd) into a partial point while its SHA-256 is
 * computed, then the manifest and the atomic rename. The databases of a server are dumped
 * concurrently, up to {@code pgvault.job.dump-parallelism} at once. Blocking: runs on a job worker
 * thread (and the dumps on threads of their own, which it waits for).
 */
@ApplicationScoped
public class BackupRunner {

    private static final Pattern TOOL_VERSION = Pattern.compile("\\(PostgreSQL\\) (\\S+)");
    private static final String DATABASES = "select datname, pg_database_size(oid) from pg_database"
            + " where datallowconn and not datistemplate order by datname";

    private final PgTools tools;
    private final RecoveryPointStore store;
    private final JobLifecycle lifecycle;
    private final Secrets secrets;
    private final JobConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;

    public BackupRunner(PgTools tools, RecoveryPointStore store, JobLifecycle lifecycle, Secrets secrets,
            JobConfig config, ObjectMapper mapper, Clock clock) {
        this.tools = tools;
        this.store = store;
        this.lifecycle = lifecycle;
        this.secrets = secrets;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * What the source server said before the dumps.
     *
     * @param versionNum     its {@code server_version_num}
     * @param major          the client tools' major chosen to dump it
     * @param databases      the databases to dump, in order
     * @param bytesEstimated their size on disk, the base of the job's progress
     * @param pgDumpVersion  the chosen pg_dump's version
     */
    private record Source(int versionNum, int major, List<String> databases, long bytesEstimated,
            String pgDumpVersion) {
    }

    /** Runs the job to its end (COMPLETED, FAILED or CANCELLED); never throws. */
    public void run(ClaimedJob claimed, RunningJob handle) {
        JobSteps steps = lifecycle.steps(claimed.id(), handle);
        PartialPoint partial = null;
        try {
            BackupRequested command = Json.read(mapper, claimed.request(), BackupRequested.class);
            Compression compression = Compression.parse(config.compression());
            // The instance's password, offered to its own host, port and role only.
            try (Credentials credentials = secrets.forSource(claimed.instanceId(), command.datasource())) {
                Session session = new Session(command.datasource(), credentials, handle);
                Source source = inspect(session);
                List<SubTaskPlan> plan = plan(source.databases(), compression);
                steps.plan(plan, source.bytesEstimated());
                partial = store.begin(claimed.instanceId(), claimed.recoveryPointId());
                int parallelism = Parallelism.dumps(config.dumpParallelism(), Runtime.getRuntime().availableProcessors());
                Dumper dumper = new Dumper(partial, session, source, compression);
                List<ArtifactEntry> artifacts = dumpAll(plan, steps, dumper, parallelism, handle);
                List<DatabaseFigures> figures = dumper.figuresInOrder(source.databases());
                RecoveryPointManifest manifest = manifest(claimed, source, artifacts, command.policy(),
                        figures.isEmpty() ? null : figures);
                String manifestSha256 = partial.commit(manifest);
                partial = null;
                lifecycle.recordManifestDigest(claimed.id(), manifestSha256);
                ManifestRef stored = storedManifest(claimed);
                if (!lifecycle.complete(claimed.id(), manifest.totalBytes(), manifest, stored, command.policy())) {
                    // Cancelled or reaped while the manifest was written: the job is over, so is its point.
                    store.delete(claimed.instanceId(), claimed.recoveryPointId());
                }
            }
        } catch (IOException | RuntimeException e) {
            Ending ending = Ending.of(e, handle, "backup", "the store");
            discard(claimed, partial);
            steps.end(ending);
        }
    }

    /** The server's version, the tools to dump it with, the databases and their size. */
    private Source inspect(Session session) throws IOException {
        int versionNum = session.serverVersionNum();
        int serverMajor = ClientTools.majorOf(versionNum);
        List<Integer> installed = tools.installedMajors();
        int major = ClientTools.choose(installed, serverMajor).orElseThrow(() -> new JobFailure(
                StderrClassifier.tooOld(Integer.toString(serverMajor), session.server + " runs PostgreSQL "
                        + ClientTools.versionOf(versionNum) + "; the newest pg_dump installed here is "
                        + installed.stream().max(Integer::compare).map(String::valueOf).orElse("none"))));
        Map<String, Long> sizes = session.databaseSizes();
        List<String> requested = session.source.databases();
        List<String> databases = requested == null || requested.isEmpty() ? List.copyOf(sizes.keySet()) : requested;
        long estimate = databases.stream().mapToLong(db -> sizes.getOrDefault(db, 0L)).sum();
        return new Source(versionNum, major, databases, estimate, toolVersion(tools.tool(major, "pg_dump"), session));
    }

    /** The globals, then one dump per database, named as they are stored. */
    private static List<SubTaskPlan> plan(List<String> databases, Compression compression) {
        List<SubTaskPlan> plan = new ArrayList<>();
        plan.add(new SubTaskPlan(SubTask.Kind.GLOBALS, null, "globals.sql" + compression.suffix()));
        for (int i = 0; i < databases.size(); i++) {
            plan.add(new SubTaskPlan(SubTask.Kind.DATABASE, databases.get(i),
                    "db-" + (i + 1) + ".dump" + compression.suffix()));
        }
        return plan;
    }

    /**
     * Runs the plan into the partial point: the globals, then the databases, {@code parallelism} at once; answers
     * the artifacts for the manifest in the plan's order, whatever order the dumps ended in. The first failure
     * stops the other dumps and is the job's.
     */
    private static List<ArtifactEntry> dumpAll(List<SubTaskPlan> plan, JobSteps steps, Dumper dumper, int parallelism,
            RunningJob handle) throws IOException {
        List<List<ArtifactEntry>> byStep = new ArrayList<>(Collections.nCopies(plan.size(), null));
        int first = 0;
        if (!plan.isEmpty() && plan.get(0).kind() == SubTask.Kind.GLOBALS) {
            byStep.set(0, dumpStep(plan, 0, steps, dumper));
            first = 1;
        }
        int threads = Math.max(1, Math.min(parallelism, plan.size() - first));
        if (threads == 1) {
            for (int i = first; i < plan.size(); i++) {
                byStep.set(i, dumpStep(plan, i, steps, dumper));
            }
        } else {
            dumpConcurrently(plan, first, threads, steps, dumper, handle, byStep);
        }
        return byStep.stream().flatMap(List::stream).toList();
    }

    private static void dumpConcurrently(List<SubTaskPlan> plan, int first, int threads, JobSteps steps, Dumper dumper,
            RunningJob handle, List<List<ArtifactEntry>> byStep) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "pgvault-dump-" + handle.id());
            thread.setDaemon(true);
            return thread;
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            List<Future<?>> dumps = new ArrayList<>();
            for (int i = first; i < plan.size(); i++) {
                int position = i;
                dumps.add(pool.submit(() -> {
                    if (failure.get() != null || handle.isCancelled()) {
                        return; // the job is failing or over: start no more
                    }
                    try {
                        byStep.set(position, dumpStep(plan, position, steps, dumper));
                    } catch (IOException | RuntimeException e) {
                        if (failure.compareAndSet(null, e)) {
                            handle.stopProcesses(); // the others' work is lost with the point
                        }
                    }
                }));
            }
            for (Future<?> dump : dumps) {
                try {
                    dump.get();
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.stopProcesses();
            throw new JobCancelled();
        } finally {
            pool.shutdownNow();
        }
        Throwable failed = failure.get();
        if (failed instanceof IOException io) {
            throw io;
        } else if (failed instanceof RuntimeException runtime) {
            throw runtime;
        } else if (failed != null) {
            throw new IllegalStateException(failed);
        }
    }

    /** One step of the plan: its dump (and a database's definition next to it). */
    private static List<ArtifactEntry> dumpStep(List<SubTaskPlan> plan, int position, JobSteps steps, Dumper dumper)
            throws IOException {
        SubTaskPlan step = plan.get(position);
        steps.start(position);
        ArtifactEntry dump = dumper.dump(step);
        List<ArtifactEntry> artifacts = step.kind() == SubTask.Kind.DATABASE
                ? List.of(dump, dumper.databaseProperties(step)) : List.of(dump);
        steps.done(position, dump.bytes());
        return artifacts;
    }

    /** The manifest, with the retention rules the point is born with, so the catalog can be rebuilt from the store. */
    private RecoveryPointManifest manifest(ClaimedJob claimed, Source source, List<ArtifactEntry> artifacts,
            PolicySnapshot policy, List<DatabaseFigures> figures) {
        long total = artifacts.stream().mapToLong(ArtifactEntry::bytes).sum();
        return new RecoveryPointManifest(claimed.recoveryPointId(), claimed.instanceId(), claimed.id(),
                claimed.startedAt(), clock.instant(), ClientTools.versionOf(source.versionNum()),
                source.pgDumpVersion(), total, artifacts, policy, figures);
    }

    private String toolVersion(String tool, Session session) throws IOException {
        PgTools.Result result = tools.capture(List.of(tool, "--version"), session.credentials, session.job, null);
        Matcher matcher = TOOL_VERSION.matcher(result.stdoutText());
        return matcher.find() ? matcher.group(1) : result.stdoutText().strip();
    }

    /**
     * The committed point's manifest as stored: its key, SHA-256 and size, for a JobSucceeded by reference;
     * null (the manifest then travels inline) if it cannot be read back, which must not cost the backup.
     */
    private ManifestRef storedManifest(ClaimedJob claimed) {
        try {
            StoredPoint point = store.open(claimed.instanceId(), claimed.recoveryPointId()).orElse(null);
            if (point == null) {
                return null;
            }
            MessageDigest digest = ArtifactOutput.newSha256();
            long bytes;
            try (InputStream in = new DigestInputStream(point.readManifest(), digest)) {
                bytes = in.transferTo(OutputStream.nullOutputStream());
            }
            return new ManifestRef(claimed.instanceId() + "/" + claimed.recoveryPointId() + "/"
                    + FileSystemRecoveryPointStore.MANIFEST, HexFormat.of().formatHex(digest.digest()), bytes);
        } catch (IOException e) {
            Log.warnf("could not read back the manifest of recovery point %s: %s", claimed.recoveryPointId(),
                    e.getMessage());
            return null;
        }
    }

    /** pg_dump's wait for a table's share lock, bounded: a table locked exclusively elsewhere fails LOCK_TIMEOUT. */
    private String lockWait() {
        return "--lock-wait-timeout=" + Math.max(1, config.lockWaitTimeout().toMillis());
    }

    /** Removes what a run that did not complete wrote; a failure is logged. */
    private void discard(ClaimedJob claimed, PartialPoint partial) {
        try {
            if (partial != null) {
                partial.discard();
            } else {
                store.discardPartial(claimed.instanceId(), claimed.recoveryPointId());
            }
        } catch (IOException | RuntimeException e) {
            Log.warnf("could not remove the partial point of job %s: %s", claimed.id(), e.getMessage());
        }
    }

    /** Writes one backup's artifacts into its partial point, with the chosen tools and compression. */
    private final class Dumper {
        private final PartialPoint partial;
        private final Session session;
        private final Compression compression;
        private final String pgDump;
        private final String pgDumpAll;
        private final Source source;
        private final Figures.Mode figuresMode;
        /** What each dumped database held, recorded in the dump's snapshot ({@link Figures}); dumps run at once. */
        private final Map<String, DatabaseFigures> figures = new ConcurrentHashMap<>();

        Dumper(PartialPoint partial, Session session, Source source, Compression compression) {
            this.partial = partial;
            this.session = session;
            this.compression = compression;
            this.source = source;
            this.pgDump = tools.tool(source.major(), "pg_dump");
            this.pgDumpAll = tools.tool(source.major(), "pg_dumpall");
            this.figuresMode = Figures.Mode.parse(config.backupFigures());
        }

        /** The step's dump, streamed (and compressed when the setting says so) into its artifact. */
        ArtifactEntry dump(SubTaskPlan step) throws IOException {
            boolean globals = step.kind() == SubTask.Kind.GLOBALS;
            if (globals || figuresMode == Figures.Mode.OFF) {
                return store(step, globals ? List.of(pgDumpAll, "--no-password", "--globals-only",
                        "--no-role-passwords", "--dbname=" + session.conn(session.maintenanceDb))
                        : databaseDump(step.database(), null));
            }
            // The dump and the figures in one snapshot: exported by a REPEATABLE READ transaction that stays
            // open until pg_dump, which imports it, has ended.
            Figures reader = new Figures(mapper);
            boolean sequences = source.versionNum() >= 100000;
            // From PostgreSQL 14 on, a backend whose psql was killed (cancel, maximum duration) stops even while it
            // waits for a lock: psql, unlike pg_dump, sends no cancel request when terminated.
            String conn = session.conn(step.database()) + (source.versionNum() >= 140000
                    ? " options='-c client_connection_check_interval=1000'" : "");
            try (PsqlSession snapshot = PsqlSession.open(tools, tools.newestTool("psql"), conn, session.credentials,
                    session.job, session.context("psql"), config.lockWaitTimeout())) {
                List<String> exported = snapshot.query("begin isolation level repeatable read read only;"
                        + " select pg_export_snapshot();");
                List<DatabaseFigures.SequenceFigures> before = sequences ? reader.sequences(snapshot) : List.of();
                // pg_dump first: it takes its table locks at once and reports a lock wait with the table's name;
                // the figures after it read the same snapshot and find the locks free.
                ArtifactEntry dump = store(step, databaseDump(step.database(), exported.get(0).strip()));
                DatabaseFigures recorded = reader.read(snapshot, step.database(), figuresMode, before);
                List<DatabaseFigures.SequenceFigures> after = sequences ? reader.sequences(snapshot) : List.of();
                snapshot.query("commit;");
                figures.put(step.database(), new DatabaseFigures(recorded.database(), recorded.tables(),
                        Figures.span(before, after), recorded.largeObjects(), recorded.schemas(), recorded.objects()));
                return dump;
            }
        }

        /** The figures recorded, in the order of the server's databases. */
        List<DatabaseFigures> figuresInOrder(List<String> databases) {
            return databases.stream().map(figures::get).filter(Objects::nonNull).toList();
        }

        /** Runs {@code command} and streams its output (compressed when the setting says so) into the artifact. */
        private ArtifactEntry store(SubTaskPlan step, List<String> command) throws IOException {
            boolean globals = step.kind() == SubTask.Kind.GLOBALS;
            ArtifactOutput file = partial.create(step.artifact());
            PgTools.Result result;
            try (OutputStream sink = compression.inStream() ? new ZstdOutputStream(file, compression.level()) : file) {
                result = tools.run(command, session.credentials, session.job, null, sink, true);
            }
            result.orFail(session.context(command.get(0)));
            return new ArtifactEntry(step.artifact(), globals ? ArtifactEntry.Kind.GLOBALS : ArtifactEntry.Kind.DATABASE,
                    step.database(), file.bytes(), file.sha256(),
                    globals ? compression.globalsLabel() : compression.dumpLabel());
        }

        private List<String> databaseDump(String database, String snapshot) {
            List<String> command = new ArrayList<>(List.of(pgDump, "--no-password", "--format=custom", lockWait()));
            if (snapshot != null) {
                command.add("--snapshot=" + snapshot);
            }
            command.addAll(compression.pgDumpArgs());
            command.add("--dbname=" + session.conn(database));
            return command;
        }

        /**
         * The database's own definition (encoding, locale, owner, comment, settings, grants), which the dump
         * itself does not carry: pg_dump prints it with {@code --create}, here with every schema excluded so
         * that nothing else comes along. Stored next to the dump as {@code db-N.database.sql}.
         */
        ArtifactEntry databaseProperties(SubTaskPlan step) throws IOException {
            List<String> command = List.of(pgDump, "--no-password", lockWait(), "--create", "--schema-only",
                    "--exclude-schema=*", "--dbname=" + session.conn(step.database()));
            PgTools.Result result = tools.capture(command, session.credentials, session.job, null)
                    .orFail(session.context(pgDump));
            String sql = String.join("\n", DatabaseProperties.statementsOf(result.stdoutText())) + "\n";
            String name = step.artifact().replaceFirst("\\.dump(\\.zst)?$", ".database.sql");
            ArtifactOutput file = partial.create(name);
            try (OutputStream out = file) {
                out.write(sql.getBytes(StandardCharsets.UTF_8));
            }
            return new ArtifactEntry(name, ArtifactEntry.Kind.DATABASE_PROPERTIES, step.database(), file.bytes(),
                    file.sha256(), "none");
        }
    }

    /** One connection's worth of facts about the source server. */
    private final class Session {
        final Datasource source;
        final Credentials credentials;
        final RunningJob job;
        final String server;
        final String maintenanceDb;

        Session(Datasource source, Credentials credentials, RunningJob job) {
            this.source = source;
            this.credentials = credentials;
            this.job = job;
            this.server = source.host() + ":" + source.port();
            this.maintenanceDb = source.databases() == null || source.databases().isEmpty() ? "postgres"
                    : source.databases().get(0);
        }

        String conn(String database) {
            return ConnInfo.of(source.host(), source.port(), source.username(), database, source.sslMode());
        }

        StderrClassifier.Context context(String tool) {
            return StderrClassifier.Context.of(tool, server, credentials);
        }

        private PgTools.Result query(String sql, String... flags) throws IOException {
            String psql = tools.newestTool("psql");
            List<String> command = new ArrayList<>(List.of(psql, "-X", "--no-password", "-A", "-t", "-v",
                    "ON_ERROR_STOP=1"));
            command.addAll(List.of(flags));
            command.addAll(List.of("--dbname=" + conn(maintenanceDb), "-c", sql));
            return tools.capture(command, credentials, job, null).orFail(context("psql"));
        }

        int serverVersionNum() throws IOException {
            return Integer.parseInt(query("show server_version_num").stdoutText().strip());
        }

        /** Databases that allow connections (templates excluded) and their sizes; NUL-separated, so any name parses. */
        Map<String, Long> databaseSizes() throws IOException {
            String out = new String(query(DATABASES, "-z", "-0").stdout(), StandardCharsets.UTF_8);
            String[] fields = out.split("\0");
            Map<String, Long> sizes = new LinkedHashMap<>();
            for (int i = 0; i + 1 < fields.length; i += 2) {
                String name = fields[i].startsWith("\n") ? fields[i].substring(1) : fields[i];
                sizes.put(name, Long.parseLong(fields[i + 1].strip()));
            }
            return sizes;
        }
    }
}
