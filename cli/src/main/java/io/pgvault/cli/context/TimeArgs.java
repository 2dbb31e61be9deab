package io.pgvault.cli.context;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times as users type them: an RFC 3339 instant, a date (midnight UTC), or an age such as {@code 30m}, {@code 12h}, {@code 7d}. */
public final class TimeArgs {

    private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([smhdw])");

    private TimeArgs() {}

    /**
     * The instant meant by {@code text}.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static Instant parse(String text, Instant now) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher age = AGE.matcher(t);
        if (age.matches()) {
            long n = Long.parseLong(age.group(1));
            Duration d = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("'" + text + "' is not a time: give an instant (2026-11-30T22:00:00Z), "
                        + "a date (2026-11-30) or an age (30m, 12h, 7d, 2w)");
            }
        }
    }

    /**
     * A duration as users type it: {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT10M}).
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = AGE.matcher(t);
        if (m.matches()) {
            Instant epoch = Instant.EPOCH.plus(Duration.ofDays(365));
            return Duration.between(parse(t, epoch), epoch);
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: give 90s, 30m, 2h, 1d or PT10M");
        }
    }
}
