package io.pgvault.instance.policy;

import java.time.Duration;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * How long a recovery point is kept: an ISO-8601 duration ({@code P30D}, {@code P12W}, {@code P12M},
 * {@code P10Y}, {@code PT30S}, {@code P1Y6M}) between a configurable minimum (default one day; tests lower
 * it to seconds) and ten years. Neither {@link Period} nor {@link Duration} covers all of these, so the
 * text is kept as written and compared by adding it to a fixed calendar date (2000-01-01, UTC).
 */
public final class RetentionDuration {

    /** The longest retention any rule may have. */
    public static final String MAXIMUM = "P10Y";

    private static final ZonedDateTime REFERENCE = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private RetentionDuration() {}

    /**
     * Checks a retention duration.
     *
     * @param text    the duration as the user wrote it
     * @param minimum the shortest allowed
     * @return the text, trimmed
     * @throws IllegalArgumentException saying what is wrong, quoting the text
     */
    public static String validate(String text, Duration minimum) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must be an ISO-8601 duration such as P30D");
        }
        String trimmed = text.trim();
        ZonedDateTime end = end(trimmed);
        if (end.isBefore(REFERENCE.plus(minimum))) {
            throw new IllegalArgumentException("'" + trimmed + "' is shorter than the minimum " + minimum);
        }
        if (end.isAfter(end(MAXIMUM))) {
            throw new IllegalArgumentException("'" + trimmed + "' is longer than the maximum " + MAXIMUM);
        }
        return trimmed;
    }

    private static ZonedDateTime end(String text) {
        try {
            if (!text.startsWith("P") || text.endsWith("T") || text.equals("P")) {
                throw new DateTimeParseException("no duration", text, 0);
            }
            int t = text.indexOf('T');
            Period period = t == 1 ? Period.ZERO : Period.parse(t < 0 ? text : text.substring(0, t));
            Duration time = t < 0 ? Duration.ZERO : Duration.parse("P" + text.substring(t));
            if (period.isNegative() || time.isNegative()) {
                throw new DateTimeParseException("negative", text, 0);
            }
            return REFERENCE.plus(period).plus(time);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as P30D, P12W, P12M or P10Y");
        }
    }
}
