package io.pgvault.console.jobs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The job list's filters: a browser's {@code datetime-local} (read as UTC) to job-service's ISO instant. */
final class JobFilters {

    private JobFilters() {}

    /** "2026-12-01T10:00" → "2026-12-01T10:00:00Z"; an ISO instant stays; anything else goes as typed (the service names it). */
    static String instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value.trim()).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            return value.trim();
        }
    }

    /** The filters as a query string, for the pager's links. */
    static String query(String instanceId, String operation, String status, String from, String to, String all) {
        StringBuilder q = new StringBuilder();
        add(q, "instanceId", instanceId);
        add(q, "operation", operation);
        add(q, "status", status);
        add(q, "from", from);
        add(q, "to", to);
        add(q, "all", all);
        return q.length() == 0 ? "" : q.substring(1);
    }

    private static void add(StringBuilder q, String key, String value) {
        if (value != null && !value.isBlank()) {
            q.append('&').append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
