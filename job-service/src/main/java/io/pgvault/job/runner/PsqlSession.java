package io.pgvault.job.runner;

import io.pgvault.job.credentials.Credentials;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One psql process kept open, spoken to over its stdin and stdout: what a backup needs to hold a
 * transaction (and so its exported snapshot) open while {@code pg_dump --snapshot} runs, and to query in
 * that same snapshot. Each {@link #query} sends SQL followed by an {@code \echo} of a random marker and
 * reads the lines before the marker (psql flushes its output after every command). The session stops at
 * the first error ({@code ON_ERROR_STOP}), which then fails the job with what its stderr says. While a
 * query runs the process is the job's current one, so a cancel or the job's deadline kills it.
 * Blocking: worker threads only.
 */
final class PsqlSession implements AutoCloseable {

    private final PgTools.Started started;
    private final RunningJob job;
    private final StderrClassifier.Context context;
    private final OutputStream stdin;
    private final BufferedReader stdout;
    private final String marker = "pgvault-end-" + UUID.randomUUID();

    private PsqlSession(PgTools.Started started, RunningJob job, StderrClassifier.Context context) {
        this.started = started;
        this.job = job;
        this.context = context;
        this.stdin = started.process().getOutputStream();
        this.stdout = new BufferedReader(new InputStreamReader(started.process().getInputStream(),
                StandardCharsets.UTF_8));
    }

    /**
     * Opens a session on {@code conn} with the settings that make a row's text the same on every server
     * ({@code row::text} is what the content digest hashes): UTC, ISO dates, exact floats, hex bytea, and
     * {@code pg_catalog} as the only schema on the path, so object names print schema-qualified.
     */
    static PsqlSession open(PgTools tools, String psql, String conn, Credentials credentials, RunningJob job,
            StderrClassifier.Context context) throws IOException {
        return open(tools, psql, conn, credentials, job, context, null);
    }

    /**
     * A session as above that also waits at most {@code lockTimeout} for a table's lock (like pg_dump's
     * {@code --lock-wait-timeout}); {@code null}: no limit.
     */
    static PsqlSession open(PgTools tools, String psql, String conn, Credentials credentials, RunningJob job,
            StderrClassifier.Context context, java.time.Duration lockTimeout) throws IOException {
        if (job.isCancelled()) {
            throw new JobCancelled();
        }
        PgTools.Started started = tools.start(List.of(psql, "-X", "--no-password", "-A", "-t", "-q", "-v",
                "ON_ERROR_STOP=1", "--dbname=" + conn), credentials);
        PsqlSession session = new PsqlSession(started, job, context);
        try {
            session.query("set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set intervalstyle = 'postgres';"
                    + " set extra_float_digits = 3; set bytea_output = 'hex'; set search_path = pg_catalog;"
                    + " set statement_timeout = 0; set idle_in_transaction_session_timeout = 0;"
                    + (lockTimeout == null ? "" : " set lock_timeout = " + Math.max(1, lockTimeout.toMillis()) + ";"));
            return session;
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Runs {@code sql} (one or more commands, psql meta-commands included) and answers its output lines. */
    List<String> query(String sql) throws IOException {
        if (job.isCancelled()) {
            throw new JobCancelled();
        }
        job.attach(started.process());
        try {
            stdin.write((sql + "\n\\echo " + marker + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = stdout.readLine()) != null) {
                if (line.equals(marker)) {
                    return lines;
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // A broken pipe: psql has ended; its stderr says why.
        } finally {
            job.detach(started.process());
        }
        throw failure();
    }

    /** The job's end once psql has stopped: cancelled, or failed with what psql said. */
    private RuntimeException failure() throws IOException {
        if (job.isCancelled()) {
            return new JobCancelled();
        }
        int exit;
        try {
            exit = started.process().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new JobCancelled();
        }
        String stderr = PgTools.stderrOf(started.errors());
        if (stderr.isBlank()) {
            return new JobFailure(ErrorCode.INTERNAL.error("psql on " + context.server() + " ended (exit " + exit
                    + ") in the middle of a query"));
        }
        try {
            new PgTools.Result(exit == 0 ? 1 : exit, new byte[0], stderr).orFail(context);
        } catch (JobFailure failure) {
            return failure;
        }
        return new IllegalStateException("unreachable");
    }

    /** Ends the session (a transaction still open is rolled back) and removes its stderr file. */
    @Override
    public void close() throws IOException {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!started.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                RunningJob.destroy(started.process());
            }
        } catch (InterruptedException e) {
            RunningJob.destroy(started.process());
            Thread.currentThread().interrupt();
        } finally {
            stdout.close();
            Files.deleteIfExists(started.errors());
        }
    }
}
