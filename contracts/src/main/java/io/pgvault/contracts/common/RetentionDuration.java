package io.pgvault.contracts.common;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * How long a recovery point is kept, as retention rules write it: an ISO-8601 duration with a date part
 * ({@code P30D}, {@code P12W}, {@code P12M}, {@code P10Y}) and/or a time part ({@code PT30S},
 * {@code P1DT12H}). Neither {@link Period} nor {@link Duration} alone covers all of them, so the date part is
 * added in calendar terms (a month is a month, in the policy's time zone) and the time part as exact time.
 * The text is read case-insensitively and kept upper-cased ({@code p30d} is {@code P30D}).
 *
 * <p>instance-service {@linkplain #validate validates} a rule when a policy is written (between a minimum
 * and {@link #MAXIMUM}); retention-service {@linkplain #parse parses} it again from the policy snapshot a
 * backup carries and {@linkplain #addTo adds} it to the point's creation time.
 *
 * @param text   the duration, trimmed and upper-cased
 * @param period the calendar part
 * @param time   the exact-time part
 */
public record RetentionDuration(String text, Period period, Duration time) {

    /** The longest retention any rule may have. */
    public static final String MAXIMUM = "P10Y";

    /** Lengths are compared by adding them to this fixed calendar date. */
    private static final ZonedDateTime REFERENCE = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    public RetentionDuration {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(time, "time");
    }

    /**
     * Reads a retention duration.
     *
     * @throws IllegalArgumentException quoting the text if it is not an ISO-8601 duration, or is not longer
     *                                  than zero
     */
    public static RetentionDuration parse(String text) {
        RetentionDuration duration = read(text);
        if (duration.period.isZero() && duration.time.isZero()) {
            throw new IllegalArgumentException("'" + text.trim() + "' must be longer than zero");
        }
        return duration;
    }

    /**
     * Checks a retention duration a user wrote against the rules' bounds.
     *
     * @param text    the duration as the user wrote it
     * @param minimum the shortest allowed
     * @return the duration's text, trimmed and upper-cased
     * @throws IllegalArgumentException saying what is wrong, quoting the text
     */
    public static String validate(String text, Duration minimum) {
        RetentionDuration duration = read(text);
        ZonedDateTime end;
        try {
            end = duration.addTo(REFERENCE);
        } catch (DateTimeException | ArithmeticException e) {
            // P999999999Y: beyond any calendar Java keeps, so far beyond the maximum
            throw new IllegalArgumentException("'" + text.trim() + "' is longer than the maximum " + MAXIMUM, e);
        }
        if (end.isBefore(REFERENCE.plus(minimum))) {
            throw new IllegalArgumentException("'" + text.trim() + "' is shorter than the minimum " + minimum);
        }
        if (end.isAfter(read(MAXIMUM).addTo(REFERENCE))) {
            throw new IllegalArgumentException("'" + text.trim() + "' is longer than the maximum " + MAXIMUM);
        }
        return parse(text).text();
    }

    /** {@code from} plus this duration: calendar part first, in {@code from}'s zone, then exact time. */
    public ZonedDateTime addTo(ZonedDateTime from) {
        return from.plus(period).plus(time);
    }

    private static RetentionDuration read(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must be an ISO-8601 duration such as P30D");
        }
        String trimmed = text.trim();
        String upper = trimmed.toUpperCase(Locale.ROOT);
        try {
            if (!upper.startsWith("P") || upper.endsWith("T") || upper.equals("P")) {
                throw new DateTimeParseException("no duration", trimmed, 0);
            }
            int t = upper.indexOf('T');
            Period period = t == 1 ? Period.ZERO : Period.parse(t < 0 ? upper : upper.substring(0, t));
            Duration time = t < 0 ? Duration.ZERO : Duration.parse("P" + upper.substring(t));
            if (period.isNegative() || time.isNegative()) {
                throw new DateTimeParseException("negative", trimmed, 0);
            }
            return new RetentionDuration(upper, period, time);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "'" + trimmed + "' is not an ISO-8601 duration such as P30D, P12W, P12M or P10Y", e);
        }
    }
}
