package io.pgvault.retention.expiry;

import java.time.Duration;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * An ISO-8601 duration as retention rules write it: a date part ({@code P30D}, {@code P12W},
 * {@code P12M}, {@code P10Y}) and/or a time part ({@code PT30S}, {@code P1DT12H}). Neither
 * {@link Period} nor {@link Duration} alone covers all of them, so the date part is added in
 * calendar terms (a month is a month, in the policy's time zone) and the time part as exact time.
 *
 * @param text   the duration as written
 * @param period the calendar part
 * @param time   the exact-time part
 */
public record RetentionDuration(String text, Period period, Duration time) {

    public RetentionDuration {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(time, "time");
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException if it is not an ISO-8601 duration, or is zero or negative
     */
    public static RetentionDuration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a retention duration is required");
        }
        String upper = text.trim().toUpperCase(java.util.Locale.ROOT);
        int t = upper.indexOf('T');
        String datePart = t < 0 ? upper : upper.substring(0, t);
        String timePart = t < 0 ? "" : upper.substring(t);
        try {
            Period period = datePart.equals("P") ? Period.ZERO : Period.parse(datePart);
            Duration time = timePart.isEmpty() ? Duration.ZERO : Duration.parse("P" + timePart);
            if (period.isNegative() || time.isNegative() || (period.isZero() && time.isZero())) {
                throw new IllegalArgumentException("retention duration must be positive: " + text);
            }
            return new RetentionDuration(text.trim(), period, time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 duration: " + text, e);
        }
    }

    /** {@code from} plus this duration: calendar part first, in {@code from}'s zone, then exact time. */
    public ZonedDateTime addTo(ZonedDateTime from) {
        return from.plus(period).plus(time);
    }
}
