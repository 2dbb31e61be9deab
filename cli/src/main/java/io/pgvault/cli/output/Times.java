package io.pgvault.cli.output;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Times as people read them: "3 min ago", "in 5 h", "1.2 s", "01:42". */
public final class Times {

    private Times() {}

    /**
     * How far {@code at} is from {@code now}: seconds under a minute, minutes under an hour, hours under two
     * days, days under 60 days, months (of 30 days) under two years, then years (of 365 days).
     */
    public static String relative(Instant at, Instant now) {
        Duration d = Duration.between(at, now);
        boolean past = !d.isNegative();
        long s = Math.abs(d.getSeconds());
        if (s < 1) {
            return "just now";
        }
        String amount;
        if (s < 60) {
            amount = s + " s";
        } else if (s < 3600) {
            amount = s / 60 + " min";
        } else if (s < 48 * 3600) {
            amount = s / 3600 + " h";
        } else if (s < 60L * 86400) {
            amount = s / 86400 + " d";
        } else if (s < 730L * 86400) {
            amount = s / (30L * 86400) + " mo";
        } else {
            amount = s / (365L * 86400) + " y";
        }
        return past ? amount + " ago" : "in " + amount;
    }

    /** An ISO-8601 instant from the API as a relative time; empty for null, the text itself if unparsable. */
    public static String relative(String iso, Instant now) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        try {
            return relative(Instant.parse(iso), now);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** An instant with its relative time: {@code 2026-11-26T02:00:00Z (in 5 h)}; empty for null. */
    public static String absoluteAndRelative(String iso, Instant now) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        String relative = relative(iso, now);
        return relative.equals(iso) ? iso : iso + " (" + relative + ")";
    }

    /** A duration in milliseconds: {@code 573 ms}, {@code 4.8 s}, {@code 3 min 4 s}, {@code 2 h 5 min}. */
    public static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long s = millis / 1000;
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        return s / 3600 + " h " + s % 3600 / 60 + " min";
    }

    /** Elapsed time as a clock: {@code 00:42}, {@code 1:02:03}. */
    public static String clock(Duration elapsed) {
        long s = Math.max(0, elapsed.getSeconds());
        if (s < 3600) {
            return String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60);
    }
}
