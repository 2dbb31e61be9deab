package io.pgvault.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.cli.output.Bytes;
import io.pgvault.cli.output.Styles;
import io.pgvault.cli.output.Times;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Shows a job that is being followed, on standard error: on a terminal one line redrawn in place (a bar, percent,
 * bytes, rate, elapsed), otherwise plain lines — one per change of status, or per update when {@code everyUpdate}.
 */
final class Progress {

    private static final int BAR = 24;

    private final PrintStream err;
    private final boolean terminal;
    private final boolean everyUpdate;
    private final Styles styles;
    private final Clock clock;
    private final Instant watchedSince;
    private String lastStatus;
    private String lastLine;
    private boolean drawn;

    Progress(PrintStream err, boolean terminal, boolean everyUpdate, Styles styles, Clock clock) {
        this.err = err;
        this.terminal = terminal;
        this.everyUpdate = everyUpdate;
        this.styles = styles;
        this.clock = clock;
        this.watchedSince = clock.instant();
    }

    /** The job is not known to job-service yet (it answers 404 for about a second after the 202). */
    void queued(String jobId) {
        show("job " + jobId + ": QUEUED (waiting for job-service to pick it up…)", "QUEUED");
    }

    void update(JsonNode job) {
        String status = job.path("status").asText("?");
        show(terminal ? bar(job) : line(job), status);
    }

    /** Ends the redrawn line, so what follows starts on its own. */
    void done() {
        if (terminal && drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }

    private void show(String text, String status) {
        boolean changed = !status.equals(lastStatus);
        lastStatus = status;
        if (terminal) {
            err.print("\r" + text + "\u001b[K");
            err.flush();
            drawn = true;
        } else if ((changed || everyUpdate) && !text.equals(lastLine)) {
            err.println(text);
            err.flush();
        }
        lastLine = text;
    }

    /** {@code job 6d79…: BACKUP IN_PROGRESS 35% 12.3 MiB 2.1 MiB/s 00:42}. */
    String line(JsonNode job) {
        StringBuilder b = new StringBuilder("job ").append(job.path("id").asText()).append(": ")
                .append(job.path("operation").asText("")).append(' ').append(job.path("status").asText("?"));
        figures(job, b);
        return b.toString();
    }

    /** {@code [#########...............]  35%  12.3 MiB  2.1 MiB/s  00:42  BACKUP orders-db IN_PROGRESS}. */
    String bar(JsonNode job) {
        int percent = job.hasNonNull("percent") ? Math.max(0, Math.min(100, job.path("percent").asInt())) : 0;
        int filled = percent * BAR / 100;
        String status = job.path("status").asText("?");
        StringBuilder b = new StringBuilder("[").append(styles.green("#".repeat(filled))).append(".".repeat(BAR - filled))
                .append(']');
        figures(job, b);
        b.append("  ").append(job.path("operation").asText("")).append(' ').append(job.path("instanceName").asText(""))
                .append(' ').append(styles.state(status));
        return b.toString();
    }

    private void figures(JsonNode job, StringBuilder b) {
        if (job.hasNonNull("percent")) {
            b.append(String.format(Locale.ROOT, " %3d%%", job.path("percent").asInt()));
        }
        long bytes = job.path("bytes").asLong(0);
        Duration elapsed = elapsed(job);
        b.append("  ").append(Bytes.human(bytes));
        if (elapsed.toMillis() > 0 && bytes > 0) {
            b.append("  ").append(Bytes.human(bytes * 1000 / elapsed.toMillis())).append("/s");
        }
        b.append("  ").append(Times.clock(elapsed));
    }

    /** From the job's start (its own duration once it has one), else since the watch began. */
    private Duration elapsed(JsonNode job) {
        if (job.hasNonNull("finishedAt") && job.hasNonNull("durationMs")) {
            return Duration.ofMillis(job.path("durationMs").asLong());
        }
        if (job.hasNonNull("startedAt")) {
            try {
                return Duration.between(Instant.parse(job.path("startedAt").asText()), clock.instant());
            } catch (DateTimeParseException e) {
                return Duration.between(watchedSince, clock.instant());
            }
        }
        return Duration.between(watchedSince, clock.instant());
    }
}
