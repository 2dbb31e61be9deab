package io.pgvault.console.web;

import io.quarkus.qute.Results;
import io.quarkus.qute.TemplateExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How the pages write bytes, times, durations and enum names ({@code fmt:bytes(x)} in a template). */
@TemplateExtension(namespace = "fmt")
public final class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Formats() {}

    /** Null, or a field the service left out (Qute's "not found"). */
    private static boolean missing(Object value) {
        return value == null || value instanceof Results.NotFound || value.toString().isBlank();
    }

    /** 346694 → "338.6 KiB". */
    static String bytes(Object value) {
        if (!(value instanceof Number n)) {
            return "—";
        }
        double b = n.doubleValue();
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%d B", n.longValue()) : String.format(Locale.ROOT, "%.1f %s", b, units[u]);
    }

    /** An ISO instant as "2026-12-01 10:00:00 UTC"; "—" for none. */
    static String time(Object value) {
        if (missing(value)) {
            return "—";
        }
        try {
            return TIME.format(Instant.parse(value.toString()));
        } catch (DateTimeParseException e) {
            return value.toString();
        }
    }

    /** Milliseconds as "1.2 s" or "3 min 4 s". */
    static String duration(Object value) {
        if (!(value instanceof Number n)) {
            return "—";
        }
        long ms = n.longValue();
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        Duration d = Duration.ofMillis(ms);
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }

    /** PROTECTION_CONFIGURED → "Protection configured". */
    static String label(Object value) {
        if (missing(value)) {
            return "—";
        }
        String s = value.toString().replace('_', ' ').toLowerCase(Locale.ROOT);
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The first 8 characters of an id. */
    static String shortId(Object value) {
        String s = missing(value) ? "" : value.toString();
        return s.length() > 8 ? s.substring(0, 8) : s;
    }
}
