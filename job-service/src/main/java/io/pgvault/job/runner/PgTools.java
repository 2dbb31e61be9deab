package io.pgvault.job.runner;

import io.pgvault.job.config.JobConfig;
import io.pgvault.job.credentials.ChildEnvironment;
import io.pgvault.job.credentials.Credentials;
import io.pgvault.job.credentials.PrivateDirectory;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobError;
import io.pgvault.job.jobs.JobFailure;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the PostgreSQL client tools as child processes: argument arrays (never a shell), never a
 * password prompt, an environment without job-service's own libpq variables but with the job's
 * password source ({@link ChildEnvironment}), stderr kept in the private directory for the error
 * classifier, stdout or stdin streamed. Blocking: worker threads only.
 */
@ApplicationScoped
public class PgTools {

    private static final int BUFFER = 256 * 1024;
    /** How long past the job's deadline a wait for a process may last (the kill's own grace period). */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(10);

    /**
     * What a finished process left.
     *
     * @param exitCode its exit code
     * @param stdout   its output, when captured
     * @param stderr   its error output
     */
    public record Result(int exitCode, byte[] stdout, String stderr) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /**
         * This result, if the process succeeded.
         *
         * @throws JobFailure with what its stderr says otherwise
         */
        public Result orFail(StderrClassifier.Context context) {
            if (exitCode != 0) {
                JobError error = StderrClassifier.classify(stderr, context);
                if (error.code() == ErrorCode.INTERNAL) {
                    // The job's error keeps one line at most; the whole output is for the operator only.
                    Log.warnf("%s on %s exited with %d: %s", context.tool(), context.server(), exitCode, stderr);
                }
                throw new JobFailure(error);
            }
            return this;
        }
    }

    private final JobConfig config;
    private final PrivateDirectory privateDirectory;

    public PgTools(JobConfig config, PrivateDirectory privateDirectory) {
        this.config = config;
        this.privateDirectory = privateDirectory;
    }

    /** Installed client majors under the tools root that have a pg_dump. */
    public List<Integer> installedMajors() {
        Path root = Path.of(config.clientToolsRoot());
        List<Integer> majors = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return majors;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.forEach(dir -> {
                String name = dir.getFileName().toString();
                if (name.matches("\\d+") && Files.isExecutable(dir.resolve("bin").resolve("pg_dump"))) {
                    majors.add(Integer.parseInt(name));
                }
            });
        } catch (IOException e) {
            throw new JobFailure(ErrorCode.INTERNAL.error("cannot list " + root + ": " + e.getMessage()));
        }
        return majors;
    }

    /** A tool of one installed major. */
    public String tool(int major, String name) {
        return Path.of(config.clientToolsRoot(), Integer.toString(major), "bin", name).toString();
    }

    /** A tool of the newest installed major (for queries any psql will do). */
    public String newestTool(String name) {
        return installedMajors().stream().max(Integer::compare).map(major -> tool(major, name))
                .orElseThrow(() -> new JobFailure(StderrClassifier.tooOld(null,
                        "no PostgreSQL client tools under " + config.clientToolsRoot())));
    }

    /**
     * A started process whose stdin and stdout stay open for a conversation (a psql session that keeps a
     * transaction open); its stderr goes to a private file, {@code errors}, which the caller deletes.
     *
     * @param process the process
     * @param errors  its stderr
     */
    record Started(Process process, Path errors) {
    }

    /** Starts a process for a conversation over its stdin and stdout ({@link PsqlSession}). */
    Started start(List<String> command, Credentials credentials) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        ChildEnvironment.apply(builder.environment(), credentials);
        Path errors = privateDirectory.newFile("stderr-", ".txt");
        builder.redirectError(errors.toFile());
        try {
            return new Started(builder.start(), errors);
        } catch (IOException e) {
            Files.deleteIfExists(errors);
            throw e;
        }
    }

    /** The first 64 KiB of a process's stderr file. */
    static String stderrOf(Path errors) throws IOException {
        return Files.exists(errors) ? readLimited(errors) : "";
    }

    /** Runs a process and captures its (small) stdout; {@code stdin} is written first, may be null. */
    public Result capture(List<String> command, Credentials credentials, RunningJob job, String stdin)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream input = stdin == null ? null : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        Result result = run(command, credentials, job, input, out, false);
        return new Result(result.exitCode(), out.toByteArray(), result.stderr());
    }

    /**
     * Runs a process; streams {@code stdin} into it (if given) and its stdout into {@code stdout} (if
     * given), counting bytes as the job's progress when {@code countProgress}.
     *
     * @throws JobCancelled if the job was cancelled meanwhile
     */
    public Result run(List<String> command, Credentials credentials, RunningJob job, InputStream stdin,
            OutputStream stdout, boolean countProgress) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        ChildEnvironment.apply(builder.environment(), credentials);
        // stderr may quote data (a failing row, a statement): private like the password files.
        File errors = privateDirectory.newFile("stderr-", ".txt").toFile();
        builder.redirectError(errors);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        if (stdout == null) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        try {
            if (job.isCancelled()) {
                throw new JobCancelled();
            }
            Process process = builder.start();
            job.attach(process);
            IOException streamFailure = null;
            try {
                if (stdin != null) {
                    try (OutputStream toProcess = process.getOutputStream()) {
                        pump(stdin, toProcess, job, countProgress);
                    } catch (IOException e) {
                        streamFailure = e; // e.g. broken pipe: the process died; its stderr says why
                    }
                }
                if (stdout != null) {
                    try (InputStream fromProcess = process.getInputStream()) {
                        pump(fromProcess, stdout, job, countProgress);
                    } catch (IOException e) {
                        ProcessTree.kill(process.toHandle(), Duration.ZERO);
                        streamFailure = e;
                    }
                }
                int exit = awaitExit(process, job);
                if (job.isCancelled()) {
                    throw new JobCancelled();
                }
                String stderr = readLimited(errors.toPath());
                if (streamFailure != null && exit == 0) {
                    throw streamFailure;
                }
                if (streamFailure != null && stderr.isBlank()) {
                    stderr = streamFailure.getMessage();
                }
                return new Result(exit, new byte[0], stderr);
            } catch (InterruptedException e) {
                RunningJob.destroy(process);
                Thread.currentThread().interrupt();
                throw new JobCancelled();
            } catch (JobCancelled e) {
                RunningJob.destroy(process);
                throw e;
            } finally {
                job.detach(process);
            }
        } finally {
            Files.deleteIfExists(errors.toPath());
        }
    }

    /**
     * Waits for the process to exit, never past the job's deadline (its maximum duration, plus the kill's
     * grace period): a tool that outlives it is stopped with its children and the job ends
     * MAX_DURATION_EXCEEDED, should the job's own timer not have fired.
     */
    private static int awaitExit(Process process, RunningJob job) throws InterruptedException {
        long waitMillis = Math.max(0, Duration.between(Instant.now(), job.deadline()).toMillis()) + EXIT_GRACE.toMillis();
        if (process.waitFor(waitMillis, TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        if (job.stopReason() == null && !job.isCancelled()) {
            job.stop(ErrorCode.MAX_DURATION_EXCEEDED.error("the job ran past its maximum duration while "
                    + Path.of(process.info().command().orElse("a tool")).getFileName() + " was still running"));
        }
        RunningJob.destroy(process);
        throw new JobCancelled();
    }

    /** Copies {@code in} to {@code out}, adding to the job's progress; stops when the job is cancelled. */
    public static long pump(InputStream in, OutputStream out, RunningJob job, boolean countProgress)
            throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            if (job.isCancelled()) {
                throw new JobCancelled();
            }
            out.write(buffer, 0, read);
            total += read;
            if (countProgress) {
                job.addBytes(read);
            }
        }
        return total;
    }

    private static String readLimited(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int length = Math.min(bytes.length, 64 * 1024);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
