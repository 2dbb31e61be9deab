package io.pgvault.job.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.contracts.common.Datasource;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.job.config.JobConfig;
import io.pgvault.job.job.ClaimedJob;
import io.pgvault.job.job.ErrorCode;
import io.pgvault.job.job.JobFailure;
import io.pgvault.job.job.JobService.SubTaskPlan;
import io.pgvault.job.job.SubTask;
import io.pgvault.job.store.ArtifactOutput;
import io.pgvault.job.store.RecoveryPointStore;
import io.pgvault.job.store.RecoveryPointStore.PartialPoint;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backup: {@code pg_dumpall --globals-only} and one {@code pg_dump -Fc} per database, each
 * streamed (compressed when the setting says zstd) into a partial point while its SHA-256 is
 * computed, then the manifest and the atomic rename. Blocking: runs on a job worker thread.
 */
@ApplicationScoped
public class BackupRunner {

    private static final Pattern TOOL_VERSION = Pattern.compile("\\(PostgreSQL\\) (\\S+)");
    private static final String DATABASES = "select datname, pg_database_size(oid) from pg_database"
            + " where datallowconn and not datistemplate order by datname";

    private final PgTools tools;
    private final RecoveryPointStore store;
    private final JobLifecycle lifecycle;
    private final JobConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;

    public BackupRunner(PgTools tools, RecoveryPointStore store, JobLifecycle lifecycle, JobConfig config,
            ObjectMapper mapper, Clock clock) {
        this.tools = tools;
        this.store = store;
        this.lifecycle = lifecycle;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Runs the job to its end (COMPLETED, FAILED or CANCELLED); never throws. */
    public void run(ClaimedJob claimed, RunningJob handle) {
        PartialPoint partial = null;
        int[] position = {-1};
        long[] stepBytes = {0};
        try {
            BackupRequested command = mapper.readValue(claimed.request(), BackupRequested.class);
            Datasource source = command.datasource();
            Compression compression = Compression.parse(config.compression());
            try (Credentials credentials = Credentials.resolve(Path.of(config.secretsDir()),
                    claimed.instanceId().toString())) {
                Session session = new Session(source, credentials, handle);
                int versionNum = session.serverVersionNum();
                int serverMajor = ClientTools.majorOf(versionNum);
                List<Integer> installed = tools.installedMajors();
                int major = ClientTools.choose(installed, serverMajor).orElseThrow(() -> new JobFailure(
                        StderrClassifier.tooOld(Integer.toString(serverMajor), session.server + " runs PostgreSQL "
                                + ClientTools.versionOf(versionNum) + "; the newest pg_dump installed here is "
                                + installed.stream().max(Integer::compare).map(String::valueOf).orElse("none"))));
                Map<String, Long> sizes = session.databaseSizes();
                List<String> databases = source.databases() == null || source.databases().isEmpty()
                        ? List.copyOf(sizes.keySet()) : source.databases();
                long estimate = databases.stream().mapToLong(db -> sizes.getOrDefault(db, 0L)).sum();
                String pgDumpVersion = toolVersion(tools.tool(major, "pg_dump"), credentials, handle);

                List<SubTaskPlan> plan = new ArrayList<>();
                String globalsName = "globals.sql" + compression.suffix();
                plan.add(new SubTaskPlan(SubTask.Kind.GLOBALS, null, globalsName));
                for (int i = 0; i < databases.size(); i++) {
                    plan.add(new SubTaskPlan(SubTask.Kind.DATABASE, databases.get(i),
                            "db-" + (i + 1) + ".dump" + compression.suffix()));
                }
                lifecycle.plan(claimed.id(), plan, estimate);

                partial = store.begin(claimed.instanceId(), claimed.recoveryPointId());
                List<ArtifactEntry> artifacts = new ArrayList<>();
                for (int i = 0; i < plan.size(); i++) {
                    position[0] = i;
                    SubTaskPlan step = plan.get(i);
                    lifecycle.subTask(claimed.id(), i, SubTask.Status.IN_PROGRESS, 0, handle.bytes());
                    List<String> command2 = step.kind() == SubTask.Kind.GLOBALS
                            ? List.of(tools.tool(major, "pg_dumpall"), "--globals-only", "--no-role-passwords",
                                    "--dbname=" + session.conn(session.maintenanceDb))
                            : dumpCommand(tools.tool(major, "pg_dump"), compression, session.conn(step.database()));
                    ArtifactEntry entry = dump(partial, step, command2, compression, session);
                    artifacts.add(entry);
                    if (step.kind() == SubTask.Kind.DATABASE) {
                        artifacts.add(databaseProperties(partial, step, tools.tool(major, "pg_dump"), session));
                    }
                    stepBytes[0] = entry.bytes();
                    lifecycle.subTask(claimed.id(), i, SubTask.Status.COMPLETED, entry.bytes(), handle.bytes());
                }
                position[0] = -1;
                long total = artifacts.stream().mapToLong(ArtifactEntry::bytes).sum();
                Instant finished = clock.instant();
                RecoveryPointManifest manifest = new RecoveryPointManifest(claimed.recoveryPointId(),
                        claimed.instanceId(), claimed.id(), claimed.startedAt(), finished,
                        ClientTools.versionOf(versionNum), pgDumpVersion, total, artifacts);
                partial.commit(manifest);
                partial = null;
                if (!lifecycle.complete(claimed.id(), total, manifest, command.policy())) {
                    // Cancelled or reaped while the manifest was written: the job is over, so is its point.
                    store.delete(claimed.instanceId(), claimed.recoveryPointId());
                }
            }
        } catch (JobCancelled e) {
            end(claimed, handle, partial, position[0], SubTask.Status.CANCELLED, ErrorCode.CANCELLED.error());
        } catch (JobFailure e) {
            end(claimed, handle, partial, position[0], SubTask.Status.FAILED, e.error());
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            var error = message.contains("No space left on device")
                    ? ErrorCode.DISK_FULL.error("the store ran out of space: " + message)
                    : ErrorCode.INTERNAL.error("backup failed: " + message);
            Log.warnf(e, "backup job %s failed", claimed.id());
            end(claimed, handle, partial, position[0], SubTask.Status.FAILED, error);
        } catch (RuntimeException e) {
            Log.errorf(e, "backup job %s failed unexpectedly", claimed.id());
            end(claimed, handle, partial, position[0], SubTask.Status.FAILED,
                    ErrorCode.INTERNAL.error("backup failed: " + e));
        }
    }

    private List<String> dumpCommand(String pgDump, Compression compression, String conn) {
        List<String> command = new ArrayList<>(List.of(pgDump, "--format=custom"));
        command.addAll(compression.pgDumpArgs());
        command.add("--dbname=" + conn);
        return command;
    }

    private ArtifactEntry dump(PartialPoint partial, SubTaskPlan step, List<String> command, Compression compression,
            Session session) throws IOException {
        ArtifactOutput file = partial.create(step.artifact());
        PgTools.Result result;
        try (OutputStream sink = compression.inStream() ? new ZstdOutputStream(file, compression.level()) : file) {
            result = tools.run(command, session.credentials, session.job, null, sink, true);
        }
        if (result.exitCode() != 0) {
            throw new JobFailure(StderrClassifier.classify(result.stderr(), session.context(command.get(0))));
        }
        boolean globals = step.kind() == SubTask.Kind.GLOBALS;
        return new ArtifactEntry(step.artifact(), globals ? ArtifactEntry.Kind.GLOBALS : ArtifactEntry.Kind.DATABASE,
                step.database(), file.bytes(), file.sha256(),
                globals ? compression.globalsLabel() : compression.dumpLabel());
    }

    /**
     * The database's own definition (encoding, locale, owner, comment, settings, grants), which the dump
     * itself does not carry: pg_dump prints it with {@code --create}, here with every schema excluded so that
     * nothing else comes along. Stored next to the dump as {@code db-N.database.sql}.
     */
    private ArtifactEntry databaseProperties(PartialPoint partial, SubTaskPlan step, String pgDump, Session session)
            throws IOException {
        List<String> command = List.of(pgDump, "--create", "--schema-only", "--exclude-schema=*",
                "--dbname=" + session.conn(step.database()));
        PgTools.Result result = tools.capture(command, session.credentials, session.job, null);
        if (result.exitCode() != 0) {
            throw new JobFailure(StderrClassifier.classify(result.stderr(), session.context(pgDump)));
        }
        String sql = String.join("\n", DatabaseProperties.statementsOf(result.stdoutText())) + "\n";
        String name = step.artifact().replaceFirst("\\.dump(\\.zst)?$", ".database.sql");
        ArtifactOutput file = partial.create(name);
        try (OutputStream out = file) {
            out.write(sql.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return new ArtifactEntry(name, ArtifactEntry.Kind.DATABASE_PROPERTIES, step.database(), file.bytes(),
                file.sha256(), "none");
    }

    private String toolVersion(String tool, Credentials credentials, RunningJob handle) throws IOException {
        PgTools.Result result = tools.capture(List.of(tool, "--version"), credentials, handle, null);
        Matcher matcher = TOOL_VERSION.matcher(result.stdoutText());
        return matcher.find() ? matcher.group(1) : result.stdoutText().strip();
    }

    private void end(ClaimedJob claimed, RunningJob handle, PartialPoint partial, int position,
            SubTask.Status status, io.pgvault.job.job.JobError error) {
        try {
            if (partial != null) {
                partial.discard();
            } else {
                store.discardPartial(claimed.instanceId(), claimed.recoveryPointId());
            }
        } catch (IOException | RuntimeException e) {
            Log.warnf("could not remove the partial point of job %s: %s", claimed.id(), e.getMessage());
        }
        try {
            if (position >= 0) {
                lifecycle.subTask(claimed.id(), position, status, 0, handle.bytes());
            }
            lifecycle.fail(claimed.id(), error);
        } catch (RuntimeException e) {
            Log.errorf(e, "could not record the end of job %s (the reaper will)", claimed.id());
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
            return new StderrClassifier.Context(Path.of(tool).getFileName().toString(), server,
                    credentials.description());
        }

        private PgTools.Result query(String sql, String... flags) throws IOException {
            String psql = tools.newestTool("psql");
            List<String> command = new ArrayList<>(List.of(psql, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1"));
            command.addAll(List.of(flags));
            command.addAll(List.of("--dbname=" + conn(maintenanceDb), "-c", sql));
            PgTools.Result result = tools.capture(command, credentials, job, null);
            if (result.exitCode() != 0) {
                throw new JobFailure(StderrClassifier.classify(result.stderr(), context("psql")));
            }
            return result;
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
