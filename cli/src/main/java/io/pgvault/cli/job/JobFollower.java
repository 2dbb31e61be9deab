package io.pgvault.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.ExitCode;
import io.pgvault.cli.http.Api;
import io.pgvault.cli.http.RefusedException;
import io.pgvault.cli.http.ServerEvents;
import io.pgvault.cli.http.Service;
import io.pgvault.cli.http.UnreachableException;
import io.pgvault.cli.json.JsonTrees;
import io.pgvault.cli.output.Times;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Follows a job until it ends: by polling its URL ({@code --wait}), or by its instance's Server-Sent Events stream
 * ({@code job watch}). A 404 means job-service has not recorded the job yet (it learns of it from Kafka about a
 * second after the 202), so it is shown as queued and asked again.
 */
public final class JobFollower {

    static final String JOBS = "/api/v1/jobs";
    private static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");
    private static final int STREAM_ATTEMPTS = 5;
    /** Polls a job may stay unknown to job-service (404) before it is taken not to exist: a minute at one a second. */
    static final int UNKNOWN_POLLS = 60;

    private final CliContext ctx;
    private final Api api;
    private final Progress progress;

    public JobFollower(CliContext ctx, boolean everyUpdate) {
        this.ctx = ctx;
        this.api = ctx.api();
        this.progress = new Progress(ctx.err(), ctx.terminal().interactive(), everyUpdate, ctx.errStyles(), ctx.clock());
    }

    public static boolean terminal(JsonNode job) {
        return TERMINAL.contains(job.path("status").asText());
    }

    /** 0 for a completed job, 1 for a failed or cancelled one. */
    public static int exitCode(JsonNode job) {
        return "COMPLETED".equals(job.path("status").asText()) ? ExitCode.OK : ExitCode.REFUSED;
    }

    /**
     * Polls the job every poll interval until it ends.
     *
     * @param timeout give up after this long (null: never)
     * @return the ended job's details, or empty when the timeout passed first
     */
    public Optional<JsonNode> poll(UUID jobId, Duration timeout) {
        Instant deadline = timeout == null ? null : ctx.clock().instant().plus(timeout);
        int unknown = 0;
        while (true) {
            Optional<JsonNode> job = api.find(Service.JOB, JOBS + "/" + jobId);
            if (job.isEmpty()) {
                unknownTooLong(jobId, ++unknown);
                progress.queued(jobId.toString());
            } else {
                progress.update(job.get());
                if (terminal(job.get())) {
                    progress.done();
                    return job;
                }
            }
            if (deadline != null && !ctx.clock().instant().isBefore(deadline)) {
                progress.done();
                return Optional.empty();
            }
            pause();
        }
    }

    /**
     * Follows the job on its instance's event stream until it ends; falls back to polling when the stream keeps
     * ending early.
     *
     * @return the ended job (its details when job-service has them, else its last event)
     */
    public JsonNode watch(UUID jobId) {
        JsonNode job = firstSight(jobId);
        if (terminal(job)) {
            progress.done();
            return job;
        }
        String instanceId = job.path("instanceId").asText();
        for (int attempt = 0; attempt < STREAM_ATTEMPTS; attempt++) {
            try (Stream<String> lines = api.stream(Service.JOB, JOBS + "/stream", Map.of("instanceId", instanceId))) {
                // Subscribed: anything from now on arrives as an event; the job may have ended just before.
                JsonNode now = api.get(Service.JOB, JOBS + "/" + jobId, Map.of());
                progress.update(now);
                if (terminal(now)) {
                    progress.done();
                    return now;
                }
                ServerEvents events = new ServerEvents(lines.iterator());
                while (events.hasNext()) {
                    JsonNode event = read(events.next());
                    if (event == null || !jobId.toString().equals(event.path("id").asText())) {
                        continue;
                    }
                    progress.update(event);
                    if (terminal(event)) {
                        progress.done();
                        return details(jobId).filter(JobFollower::terminal).orElse(event);
                    }
                }
            } catch (UncheckedIOException e) {
                // The connection dropped mid-stream: look at the job, then subscribe again.
                note("the event stream broke (" + e.getMessage() + "); following the job again");
            }
            Optional<JsonNode> now = details(jobId);
            if (now.isPresent() && terminal(now.get())) {
                progress.done();
                return now.get();
            }
        }
        return poll(jobId, null).orElseThrow();
    }

    private JsonNode firstSight(UUID jobId) {
        for (int unknown = 1; ; unknown++) {
            Optional<JsonNode> job = api.find(Service.JOB, JOBS + "/" + jobId);
            if (job.isPresent()) {
                progress.update(job.get());
                return job.get();
            }
            unknownTooLong(jobId, unknown);
            progress.queued(jobId.toString());
            pause();
        }
    }

    /** A job that job-service keeps not knowing is not queued but unknown (a typo, or a job-service that lags). */
    private void unknownTooLong(UUID jobId, int polls) {
        if (polls > UNKNOWN_POLLS) {
            progress.done();
            throw new RefusedException(404, "job " + jobId + " does not exist at job-service (still unknown after "
                    + UNKNOWN_POLLS + " polls, " + Times.duration(ctx.pollInterval().toMillis() * UNKNOWN_POLLS) + ")",
                    MissingNode.getInstance());
        }
    }

    private void note(String line) {
        progress.done();
        ctx.err().println(line);
    }

    private Optional<JsonNode> details(UUID jobId) {
        try {
            return api.find(Service.JOB, JOBS + "/" + jobId);
        } catch (UnreachableException e) {
            return Optional.empty();
        }
    }

    private JsonNode read(String data) {
        try {
            return JsonTrees.read(data);
        } catch (IOException e) {
            return null;
        }
    }

    private void pause() {
        try {
            Thread.sleep(ctx.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the job", e);
        }
    }
}
