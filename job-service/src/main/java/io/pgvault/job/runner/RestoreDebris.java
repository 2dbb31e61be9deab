package io.pgvault.job.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.contracts.instance.VerifyRequested;
import io.pgvault.job.config.JobConfig;
import io.pgvault.job.credentials.AllowedTargets;
import io.pgvault.job.credentials.Credentials;
import io.pgvault.job.credentials.Secrets;
import io.pgvault.job.jobs.JobFailure;
import io.pgvault.platform.json.Json;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a restore job that died (kill -9, a lost lease) left behind, and its removal: its staging
 * directory under the restore root, and the target databases it created but did not finish. A database
 * is the dead job's own only when the job recorded its name before CREATE DATABASE <em>and</em> the
 * database still carries the comment {@code pgvault-restore:<job id>} (see {@link RestoreRunner}); any
 * other database, whatever its name, is never touched. Blocking: worker threads only.
 */
@ApplicationScoped
public class RestoreDebris {

    private static final Pattern STAGING = Pattern.compile(Pattern.quote(RestoreRunner.STAGING_PREFIX)
            + "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    /** Restore targets are a few levels deep at most; a deeper walk would only read restored files. */
    private static final int STAGING_DEPTH = 8;
    private static final Duration CLEANUP_LIMIT = Duration.ofMinutes(5);

    private final PgTools tools;
    private final Secrets secrets;
    private final AllowedTargets allowedTargets;
    private final JobConfig config;
    private final ObjectMapper mapper;

    public RestoreDebris(PgTools tools, Secrets secrets, AllowedTargets allowedTargets, JobConfig config,
            ObjectMapper mapper) {
        this.tools = tools;
        this.secrets = secrets;
        this.allowedTargets = allowedTargets;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * Removes the debris of the dead restore job {@code jobId}: its staging directory, or the databases of
     * {@code recordedDatabases} that still carry its comment. Answers the databases dropped.
     *
     * @throws IOException if something could not be removed (the caller tries again later)
     */
    public List<String> remove(UUID jobId, String request, List<String> recordedDatabases) throws IOException {
        RestoreRequested command = Json.read(mapper, request, RestoreRequested.class);
        if (command.target() == null) {
            return List.of();
        }
        if (command.target().type() == RestoreTarget.Type.FILES) {
            stagingOf(jobId, command.target().directory()).ifPresent(RestoreDebris::deleteQuietly);
            return List.of();
        }
        if (recordedDatabases.isEmpty()) {
            return List.of();
        }
        allowedTargets.check(command);
        return removeDatabases(jobId, command.target(), recordedDatabases);
    }

    /**
     * Removes the scratch databases of the dead verification job {@code jobId} from the verification server its
     * request named. Answers the databases dropped.
     *
     * @throws IOException if something could not be removed (the caller tries again later)
     */
    public List<String> removeVerification(UUID jobId, String request, List<String> recordedDatabases)
            throws IOException {
        if (recordedDatabases.isEmpty()) {
            return List.of();
        }
        VerifyRequested command = Json.read(mapper, request, VerifyRequested.class);
        return removeDatabases(jobId, VerifyRunner.server(config, command.target()), recordedDatabases);
    }

    /**
     * Drops the databases of {@code recordedDatabases} on {@code databaseTarget} that still carry the dead job's
     * comment: a restore's, or a verification's scratch databases on the verification server.
     *
     * @throws IOException if something could not be removed (the caller tries again later)
     */
    public List<String> removeDatabases(UUID jobId, RestoreTarget databaseTarget, List<String> recordedDatabases)
            throws IOException {
        if (recordedDatabases.isEmpty()) {
            return List.of();
        }
        List<String> dropped = new ArrayList<>();
        try (Credentials credentials = secrets.forTarget(databaseTarget)) {
            Target target = new Target(databaseTarget, credentials);
            String mark = RestoreRunner.ownershipMark(jobId);
            for (String database : recordedDatabases) {
                if (mark.equals(target.comment(database))) {
                    target.drop(database);
                    dropped.add(database);
                    Log.infof("dropped database %s on %s:%d, left half-restored by dead job %s", database,
                            databaseTarget.host(), databaseTarget.port(), jobId);
                } else {
                    Log.debugf("database %s recorded by job %s is not the job's own (absent or no comment %s): kept",
                            database, jobId, mark);
                }
            }
        } catch (JobFailure e) {
            throw new IOException(e.error().message(), e);
        }
        return dropped;
    }

    /**
     * Staging directories under the restore root whose name carries a job id ({@code .partial-<id>}), for the
     * start-up pass that removes those of jobs no longer running.
     */
    public List<StagingDirectory> stagingDirectories() throws IOException {
        Path root = Path.of(config.restoreRoot()).toAbsolutePath();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root, STAGING_DEPTH)) {
            return walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> {
                        Matcher m = STAGING.matcher(p.getFileName().toString());
                        return m.matches() ? new StagingDirectory(UUID.fromString(m.group(1)), p) : null;
                    })
                    .filter(dir -> dir != null)
                    .toList();
        }
    }

    /**
     * A staging directory found under the restore root.
     *
     * @param jobId the job it was made for
     * @param path  where it is
     */
    public record StagingDirectory(UUID jobId, Path path) {

        /** Removes it. */
        public void remove() {
            deleteQuietly(path);
        }
    }

    /** The staging directory of the job's target directory, if it lies inside the restore root. */
    private Optional<Path> stagingOf(UUID jobId, String directory) throws IOException {
        if (directory == null || directory.isBlank() || directory.startsWith("/") || directory.contains("..")) {
            return Optional.empty();
        }
        Path root = Path.of(config.restoreRoot()).toAbsolutePath();
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        Path realRoot = root.toRealPath();
        Path staging = RestoreRunner.stagingDirectory(realRoot.resolve(directory).normalize(), jobId);
        return staging.startsWith(realRoot) && !staging.equals(realRoot) ? Optional.of(staging) : Optional.empty();
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
            Log.infof("removed the staging directory %s of a dead restore job", dir);
        } catch (IOException e) {
            Log.warnf("could not remove the staging directory %s: %s", dir, e.getMessage());
        }
    }

    /** The restore target's server, reached with its own credential as the restore did. */
    private final class Target {
        private final RestoreTarget target;
        private final Credentials credentials;
        private final String psql;
        private final String maintenance;
        private final StderrClassifier.Context context;

        Target(RestoreTarget target, Credentials credentials) {
            this.target = target;
            this.credentials = credentials;
            this.psql = tools.newestTool("psql");
            this.maintenance = ConnInfo.of(target.host(), target.port(), target.username(), "postgres",
                    target.sslMode());
            this.context = StderrClassifier.Context.of(psql, target.host() + ":" + target.port(), credentials);
        }

        /** The database's comment; null if it has none or does not exist. */
        String comment(String database) throws IOException {
            PgTools.Result result = tools.capture(List.of(psql, "-X", "--no-password", "-A", "-t", "-q", "-v",
                    "ON_ERROR_STOP=1", "-v", "db=" + database, "--dbname=" + maintenance, "-f", "-"), credentials,
                    RunningJob.forCleanup(CLEANUP_LIMIT),
                    "select coalesce(shobj_description(oid, 'pg_database'), '') from pg_database where datname = :'db';")
                    .orFail(context);
            String out = result.stdoutText().strip();
            return out.isEmpty() ? null : out;
        }

        /** Drops it, ending the sessions still in it (a pg_restore the dead job-service left running). */
        void drop(String database) throws IOException {
            String force = serverVersionNum() >= 130000 ? " with (force)" : "";
            tools.capture(List.of(psql, "-X", "--no-password", "-q", "-v", "ON_ERROR_STOP=1",
                    "--dbname=" + maintenance, "-f", "-"), credentials, RunningJob.forCleanup(CLEANUP_LIMIT),
                    "drop database if exists " + ConnInfo.identifier(database) + force + ";").orFail(context);
        }

        private int serverVersionNum() throws IOException {
            PgTools.Result result = tools.capture(List.of(psql, "-X", "--no-password", "-A", "-t", "-q",
                    "--dbname=" + maintenance, "-c", "show server_version_num"), credentials,
                    RunningJob.forCleanup(CLEANUP_LIMIT), null).orFail(context);
            return Integer.parseInt(result.stdoutText().strip());
        }
    }
}
