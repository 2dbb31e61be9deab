package io.pgvault.job.credentials;

import io.pgvault.contracts.common.Datasource;
import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.job.config.JobConfig;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobError;
import io.pgvault.job.jobs.JobFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Where job-service finds passwords, and to whom it offers them. The secrets directory
 * ({@code pgvault.job.secrets-dir}) holds one file per source instance, {@code <instanceId>.password},
 * and one per restore target server and role, {@code targets/<host>_<port>_<user>.password} (see
 * {@link TargetSecretName}); each holds the password on one line (an empty file: no password, for
 * trust or certificate authentication). A password becomes a private password file with one line for
 * exactly its own host, port and role, so no other server a connection reaches is ever offered it; a
 * restore never gets the source's password.
 *
 * <p>job-service's own PGPASSFILE or {@code ~/.pgpass} is used only when the operator says so
 * ({@code pgvault.job.credentials.host-passfile=true}); otherwise a child gets an empty private password
 * file, so libpq never falls back to them. Blocking file I/O: worker threads only.
 */
@ApplicationScoped
public class Secrets {

    /** The directory of restore targets' secrets, under the secrets directory. */
    public static final String TARGETS = "targets";
    static final String HOST_PASSFILE_SETTING = "pgvault.job.credentials.host-passfile";
    private static final String WHERE = "job-service's secrets directory (pgvault.job.secrets-dir, env PGVAULT_SECRETS_DIR)";

    private final Path directory;
    private final PrivateDirectory privateDirectory;
    private final boolean hostPassfile;
    private final Map<String, String> hostEnvironment;

    @Inject
    public Secrets(JobConfig config, PrivateDirectory privateDirectory) {
        this(Path.of(config.secretsDir()), privateDirectory, config.credentials().hostPassfile(), System.getenv());
    }

    /**
     * @param hostEnvironment job-service's own environment, where a PGPASSFILE may be set
     */
    public Secrets(Path directory, PrivateDirectory privateDirectory, boolean hostPassfile,
            Map<String, String> hostEnvironment) {
        this.directory = directory.toAbsolutePath().normalize();
        this.privateDirectory = privateDirectory;
        this.hostPassfile = hostPassfile;
        this.hostEnvironment = Map.copyOf(hostEnvironment);
    }

    /**
     * The password of a source instance, offered to its own host, port and role only; without a secret
     * file, no password (or the host's password file, if enabled).
     */
    public Credentials forSource(UUID instanceId, Datasource source) {
        String name = instanceId + ".password";
        Path secret = directory.resolve(name);
        if (Files.isRegularFile(secret)) {
            return privateFile(source.host(), source.port(), source.username(), secret,
                    "the instance's secret file " + name,
                    ErrorCode.AUTHENTICATION_FAILED);
        }
        if (hostPassfile) {
            return hostPassfile("no secret file " + name);
        }
        return noPassword("no secret file " + name + "; job-service's own PGPASSFILE and ~/.pgpass are not used"
                + " unless " + HOST_PASSFILE_SETTING + "=true");
    }

    /**
     * The password of a restore target, offered to that host, port and role only.
     *
     * @throws JobFailure TARGET_CREDENTIALS_MISSING when the target has no secret file (and the host's password
     *                    file is not enabled): before anything connects to the target
     */
    public Credentials forTarget(RestoreTarget target) {
        String name;
        try {
            name = TargetSecretName.of(target.host(), target.port(), target.username());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new JobFailure(ErrorCode.TARGET_CREDENTIALS_MISSING.error("restore target " + server(target)
                    + " has no usable secret file name: " + e.getMessage()));
        }
        String relative = TARGETS + "/" + name;
        Path secret = directory.resolve(TARGETS).resolve(name);
        if (Files.isRegularFile(secret)) {
            return privateFile(target.host(), target.port(), target.username(), secret,
                    "the target's secret file " + relative, ErrorCode.TARGET_CREDENTIALS_MISSING);
        }
        if (hostPassfile) {
            return hostPassfile("no secret file " + relative);
        }
        throw new JobFailure(missing(target, relative));
    }

    /** The error of a restore target without a secret file: which file to write, and where. */
    static JobError missing(RestoreTarget target, String relative) {
        return ErrorCode.TARGET_CREDENTIALS_MISSING.error("restore target " + server(target) + " as role \""
                        + target.username() + "\" has no credential: there is no secret file " + relative
                        + " (the source's password is never offered to a restore target)",
                "Write the password of role \"" + target.username() + "\" on " + server(target) + " on one line into "
                        + relative + " in " + WHERE + ", mode 0600 (an empty file if the target needs no"
                        + " password), then restore again.");
    }

    /** Removes an instance's secret file; answers whether there was one. */
    public boolean forget(UUID instanceId) throws IOException {
        return Files.deleteIfExists(directory.resolve(instanceId + ".password"));
    }

    /** The secrets directory. */
    public Path directory() {
        return directory;
    }

    private Credentials privateFile(String host, int port, String user, Path secret, String description,
            ErrorCode unreadable) {
        String password;
        try {
            password = Files.readString(secret, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
        } catch (IOException e) {
            // The exception names the absolute path: the error says which file, relative to the directory.
            throw new JobFailure(unreadable.error(description + " cannot be read (" + e.getClass().getSimpleName()
                    + ")", "Make it readable by job-service's user, mode 0600."));
        }
        String line;
        try {
            line = password.isEmpty() ? "" : PgPass.line(host, port, user, password);
        } catch (IllegalArgumentException e) {
            throw new JobFailure(unreadable.error(description + " holds more than one line",
                    "Put the password alone on the first line."));
        }
        return passwordFile(line, password.isEmpty() ? description + " (empty: no password)" : description);
    }

    private Credentials noPassword(String description) {
        return passwordFile("", description);
    }

    /** A private password file with {@code content} (one line, or none), deleted when the credentials close. */
    private Credentials passwordFile(String content, String description) {
        Path file = write(content);
        return new Credentials(Map.of("PGPASSFILE", file.toString()), description, file);
    }

    private Credentials hostPassfile(String why) {
        String passfile = hostEnvironment.get("PGPASSFILE");
        if (passfile != null && !passfile.isBlank()) {
            return new Credentials(Map.of("PGPASSFILE", passfile), "job-service's PGPASSFILE (" + why + "; "
                    + HOST_PASSFILE_SETTING + "=true)", null);
        }
        return new Credentials(Map.of(), "job-service's ~/.pgpass (" + why + ", PGPASSFILE not set; "
                + HOST_PASSFILE_SETTING + "=true)", null);
    }

    private Path write(String content) {
        try {
            Path file = privateDirectory.newFile("pgpass-", ".conf");
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new JobFailure(ErrorCode.INTERNAL.error("cannot write a private password file in job-service's"
                    + " private directory (" + e.getClass().getSimpleName() + ")",
                    "Check that pgvault.job.data-dir is writable and not full."));
        }
    }

    private static String server(RestoreTarget target) {
        return target.host() + ":" + target.port();
    }
}
