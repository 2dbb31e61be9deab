package io.pgvault.instance.policy;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.pgvault.platform.time.InstantRange;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a policy's backups are due: an ISO-8601 repeating interval ({@code R[n]/<start>/<period>}) or a
 * 5-field cron expression, read in an IANA time zone. Pure: no clock, no I/O.
 *
 * <p>Calendar parts of a period (years, months, weeks, days) are added in the time zone, so
 * {@code P1D} from 02:00 stays at 02:00 local time across DST changes; time parts ({@code PT6H}) are
 * exact durations. Occurrence {@code k} is {@code start + k × period}, computed from the start, so a
 * schedule starting on January 31 with {@code P1M} fires on the last day of February and again on
 * March 31 (no drift). A cron time that falls into a DST gap fires at the shifted instant (02:30 on a
 * spring-forward night fires at 03:30); one that falls into an overlap fires once, at the earlier
 * offset.
 */
public abstract sealed class Schedule {

    private static final Pattern REPEATING = Pattern.compile("R(\\d*)/([^/]+)/([^/]+)");
    /** The longest period of a repeating interval, nominally (a month = 28 days): a backup every ten years. */
    private static final String MAX_PERIOD_TEXT = "P10Y";
    private static final Duration MAX_PERIOD = Duration.ofDays(10 * 12 * 28);

    private final String expression;
    private final ZoneId zone;

    private Schedule(String expression, ZoneId zone) {
        this.expression = expression;
        this.zone = zone;
    }

    /**
     * Parses a schedule.
     *
     * @param expression {@code R/2026-01-01T02:00:00Z/P1D}, {@code R5/2026-01-04T02:00:00+01:00/P1W},
     *                   {@code R/2026-01-01T02:00/PT6H} (a start without offset is read in the zone),
     *                   {@code 0 2 * * *}, {@code 30 1 * * MON-FRI} or {@code @daily}
     * @param timeZone   IANA time zone id, e.g. {@code Europe/Berlin}
     * @throws InvalidScheduleException quoting the bad part
     */
    public static Schedule parse(String expression, String timeZone) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidScheduleException("schedule is empty");
        }
        return parse(expression.trim(), zone(timeZone));
    }

    /** Parses a schedule in a time zone; see {@link #parse(String, String)}. */
    public static Schedule parse(String expression, ZoneId zone) {
        String trimmed = expression.trim();
        if (trimmed.startsWith("R")) {
            return RepeatingInterval.parseInterval(trimmed, zone);
        }
        return Cron.parseCron(trimmed, zone);
    }

    /**
     * Reads a time zone id.
     *
     * @throws InvalidScheduleException quoting it if it is not a known IANA zone or offset
     */
    public static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            throw new InvalidScheduleException("time zone is empty");
        }
        try {
            return ZoneId.of(timeZone.trim());
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("unknown time zone '" + timeZone + "'");
        }
    }

    /** The first occurrence strictly after {@code instant}; empty when the schedule has ended. */
    public abstract Optional<Instant> nextAfter(Instant instant);

    /**
     * The shortest time between two occurrences. For repeating intervals it is nominal (a month counts
     * 28 days, a day 24 hours); for cron it is measured over the occurrences of two years.
     */
    public abstract Duration shortestInterval();

    /**
     * Refuses a schedule that fires more often than {@code minimum}.
     *
     * @throws InvalidScheduleException naming the schedule and the minimum
     */
    public Schedule requireIntervalAtLeast(Duration minimum) {
        Duration shortest = shortestInterval();
        if (shortest.compareTo(minimum) < 0) {
            throw new InvalidScheduleException("'" + expression + "' fires every " + shortest
                    + ", more often than the minimum interval " + minimum);
        }
        return this;
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return expression + " [" + zone + "]";
    }

    /** {@code R[n]/<start>/<period>}. */
    static final class RepeatingInterval extends Schedule {

        private final ZonedDateTime start;
        private final Period period;
        private final Duration time;
        private final long count; // -1 = unbounded
        private final long nominalSeconds;

        private RepeatingInterval(String expression, ZoneId zone, ZonedDateTime start, Period period, Duration time,
                long count) {
            super(expression, zone);
            this.start = start;
            this.period = period;
            this.time = time;
            this.count = count;
            this.nominalSeconds = period.toTotalMonths() * 28 * 86_400L + period.getDays() * 86_400L
                    + time.getSeconds();
        }

        static RepeatingInterval parseInterval(String expression, ZoneId zone) {
            Matcher m = REPEATING.matcher(expression);
            if (!m.matches()) {
                throw new InvalidScheduleException("'" + expression
                        + "' is not a repeating interval R[n]/<start>/<period> nor a cron expression");
            }
            long count = -1;
            if (!m.group(1).isEmpty()) {
                try {
                    count = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    count = 0;
                }
                if (count < 1) {
                    throw new InvalidScheduleException("repetition count 'R" + m.group(1) + "' must be at least 1");
                }
            }
            ZonedDateTime start = start(m.group(2), zone);
            String periodText = m.group(3);
            Period period;
            Duration time;
            try {
                if (!periodText.startsWith("P") || periodText.endsWith("T")) {
                    throw new DateTimeParseException("no period", periodText, 0);
                }
                int t = periodText.indexOf('T');
                String datePart = t < 0 ? periodText : periodText.substring(0, t);
                period = datePart.equals("P") ? Period.ZERO : Period.parse(datePart);
                time = t < 0 ? Duration.ZERO : Duration.parse("P" + periodText.substring(t));
            } catch (DateTimeParseException e) {
                throw new InvalidScheduleException("period '" + periodText + "' is not an ISO-8601 duration such as P1D,"
                        + " P1W, PT6H or P1DT12H");
            }
            if (period.isNegative() || time.isNegative() || (period.isZero() && time.isZero())) {
                throw new InvalidScheduleException("period '" + periodText + "' must be longer than zero");
            }
            RepeatingInterval interval = new RepeatingInterval(expression, zone, start, period, time, count);
            if (interval.nominalSeconds > MAX_PERIOD.getSeconds() || interval.nominalSeconds < 0) {
                throw new InvalidScheduleException("period '" + periodText + "' must be at most " + MAX_PERIOD_TEXT);
            }
            return interval;
        }

        private static ZonedDateTime start(String text, ZoneId zone) {
            ZonedDateTime start;
            try {
                start = OffsetDateTime.parse(text).atZoneSameInstant(zone);
            } catch (DateTimeParseException | ArithmeticException notOffset) {
                // no offset: a local date-time in the schedule's zone
                try {
                    start = LocalDateTime.parse(text).atZone(zone);
                } catch (DateTimeParseException | ArithmeticException e) {
                    throw new InvalidScheduleException("start '" + text
                            + "' is not an ISO-8601 date-time such as 2026-01-01T02:00:00Z");
                }
            } catch (DateTimeException e) {
                throw new InvalidScheduleException("start '" + text + "' is out of range");
            }
            if (!InstantRange.contains(start.toInstant())) {
                throw new InvalidScheduleException("start '" + text + "' must be between years 0001 and 9999");
            }
            return start;
        }

        private Instant occurrence(long k) {
            return start.plus(period.multipliedBy(Math.toIntExact(k))).toInstant().plus(time.multipliedBy(k));
        }

        @Override
        public Optional<Instant> nextAfter(Instant instant) {
            long k = 0;
            Instant first = start.toInstant();
            if (instant.isAfter(first) || instant.equals(first)) {
                // estimate from the nominal length, then correct: the calendar makes it inexact
                k = Math.max(0, Duration.between(first, instant).getSeconds() / Math.max(1, nominalSeconds) - 1);
                while (k > 0 && occurrence(k - 1).isAfter(instant)) {
                    k--;
                }
                while (!occurrence(k).isAfter(instant)) {
                    k++;
                }
            }
            if (count >= 0 && k >= count) {
                return Optional.empty();
            }
            return Optional.of(occurrence(k));
        }

        @Override
        public Duration shortestInterval() {
            return Duration.ofSeconds(nominalSeconds);
        }
    }

    /**
     * A 5-field cron expression (minute hour day-of-month month day-of-week, as Unix cron reads it, with
     * names, ranges, steps and lists), read by cron-utils. cron-utils walks wall-clock time, so it runs in
     * UTC, where every local time exists once, and each occurrence is then placed in the zone: a time in a
     * gap moves forward, one in an overlap takes the earlier offset.
     */
    static final class Cron extends Schedule {

        private static final CronParser PARSER =
                new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
        private static final Map<String, String> MACROS = Map.of(
                "@hourly", "0 * * * *",
                "@daily", "0 0 * * *",
                "@midnight", "0 0 * * *",
                "@weekly", "0 0 * * 0",
                "@monthly", "0 0 1 * *",
                "@yearly", "0 0 1 1 *",
                "@annually", "0 0 1 1 *");
        private static final String[] FIELDS = {"minute", "hour", "day-of-month", "month", "day-of-week"};
        private static final LocalDate SAMPLE_FROM = LocalDate.of(2026, 1, 1);
        /** More local occurrences than an overlap can place before the instant asked about. */
        private static final int MAX_STEPS = 10_000;

        private final ExecutionTime executions;

        private Cron(String expression, ZoneId zone, ExecutionTime executions) {
            super(expression, zone);
            this.executions = executions;
        }

        static Cron parseCron(String expression, ZoneId zone) {
            String normalized = MACROS.getOrDefault(expression.toLowerCase(Locale.ROOT), expression);
            String[] fields = normalized.split("\\s+");
            if (fields.length != FIELDS.length) {
                throw new InvalidScheduleException("'" + expression + "' has " + fields.length
                        + " fields; a cron expression has 5 (minute hour day-of-month month day-of-week)"
                        + " and a repeating interval starts with R");
            }
            Cron cron = new Cron(expression, zone, ExecutionTime.forCron(read(normalized, fields, expression)));
            if (cron.nextAfter(SAMPLE_FROM.atStartOfDay(zone).toInstant()).isEmpty()) {
                throw new InvalidScheduleException("'" + expression + "' never fires (no such date)");
            }
            return cron;
        }

        /** The parsed expression; a refusal names the field that cron-utils could not read. */
        private static com.cronutils.model.Cron read(String normalized, String[] fields, String expression) {
            try {
                return PARSER.parse(normalized);
            } catch (IllegalArgumentException e) {
                for (int i = 0; i < fields.length; i++) {
                    String[] alone = {"*", "*", "*", "*", "*"};
                    alone[i] = fields[i];
                    try {
                        PARSER.parse(String.join(" ", alone));
                    } catch (IllegalArgumentException inField) {
                        throw new InvalidScheduleException("cron " + FIELDS[i] + " '" + fields[i] + "' "
                                + reason(inField) + " in '" + expression + "'");
                    }
                }
                throw new InvalidScheduleException("'" + expression + "' " + reason(e));
            }
        }

        private static String reason(IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage()).replaceFirst("^Failed to parse cron expression\\.\\s*", "");
            return "cannot be read (" + message + ")";
        }

        @Override
        public Optional<Instant> nextAfter(Instant instant) {
            // every local time up to the instant's own is placed at or before the instant
            ZonedDateTime wallClock = instant.atZone(zone()).toLocalDateTime().atZone(ZoneOffset.UTC);
            for (int i = 0; i < MAX_STEPS; i++) {
                Optional<ZonedDateTime> next = executions.nextExecution(wallClock);
                if (next.isEmpty()) {
                    return Optional.empty();
                }
                Instant at = next.get().toLocalDateTime().atZone(zone()).toInstant();
                if (at.isAfter(instant)) {
                    return Optional.of(at);
                }
                wallClock = next.get();
            }
            return Optional.empty();
        }

        @Override
        public Duration shortestInterval() {
            Instant end = SAMPLE_FROM.plusYears(2).atStartOfDay(zone()).toInstant();
            Instant previous = nextAfter(SAMPLE_FROM.atStartOfDay(zone()).toInstant().minusSeconds(1)).orElseThrow();
            Duration shortest = ChronoUnit.FOREVER.getDuration();
            for (int i = 0; i < 2000; i++) {
                Optional<Instant> next = nextAfter(previous);
                if (next.isEmpty() || next.get().isAfter(end)) {
                    break;
                }
                Duration gap = Duration.between(previous, next.get());
                if (gap.compareTo(shortest) < 0) {
                    shortest = gap;
                }
                if (shortest.toMinutes() <= 1) {
                    break;
                }
                previous = next.get();
            }
            return shortest;
        }
    }
}
