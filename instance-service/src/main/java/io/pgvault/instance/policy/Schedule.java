package io.pgvault.instance.policy;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
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
            return new RepeatingInterval(expression, zone, start, period, time, count);
        }

        private static ZonedDateTime start(String text, ZoneId zone) {
            try {
                return OffsetDateTime.parse(text).atZoneSameInstant(zone);
            } catch (DateTimeParseException ignored) {
                // no offset: a local date-time in the schedule's zone
            }
            try {
                return LocalDateTime.parse(text).atZone(zone);
            } catch (DateTimeParseException e) {
                throw new InvalidScheduleException("start '" + text
                        + "' is not an ISO-8601 date-time such as 2026-01-01T02:00:00Z");
            }
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

    /** A 5-field cron expression: minute hour day-of-month month day-of-week. */
    static final class Cron extends Schedule {

        private static final Map<String, String> MACROS = Map.of(
                "@hourly", "0 * * * *",
                "@daily", "0 0 * * *",
                "@midnight", "0 0 * * *",
                "@weekly", "0 0 * * 0",
                "@monthly", "0 0 1 * *",
                "@yearly", "0 0 1 1 *",
                "@annually", "0 0 1 1 *");
        private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
            "NOV", "DEC"};
        private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
        private static final LocalDate SAMPLE_FROM = LocalDate.of(2026, 1, 1);
        /** Long enough to find February 29 under any restriction of the other fields. */
        private static final int SEARCH_DAYS = 366 * 9;

        private final BitSet minutes;
        private final BitSet hours;
        private final BitSet daysOfMonth;
        private final BitSet months;
        private final BitSet daysOfWeek;
        private final boolean domRestricted;
        private final boolean dowRestricted;

        private Cron(String expression, ZoneId zone, String[] fields) {
            super(expression, zone);
            minutes = field("minute", fields[0], 0, 59, null, expression);
            hours = field("hour", fields[1], 0, 23, null, expression);
            daysOfMonth = field("day-of-month", fields[2], 1, 31, null, expression);
            months = field("month", fields[3], 1, 12, MONTHS, expression);
            BitSet dow = field("day-of-week", fields[4], 0, 7, DAYS, expression);
            if (dow.get(7)) {
                dow.set(0);
            }
            daysOfWeek = dow;
            domRestricted = !fields[2].startsWith("*");
            dowRestricted = !fields[4].startsWith("*");
        }

        static Cron parseCron(String expression, ZoneId zone) {
            String normalized = MACROS.getOrDefault(expression.toLowerCase(Locale.ROOT), expression);
            String[] fields = normalized.split("\\s+");
            if (fields.length != 5) {
                throw new InvalidScheduleException("'" + expression + "' has " + fields.length
                        + " fields; a cron expression has 5 (minute hour day-of-month month day-of-week)"
                        + " and a repeating interval starts with R");
            }
            Cron cron = new Cron(expression, zone, fields);
            if (cron.nextAfter(SAMPLE_FROM.atStartOfDay(zone).toInstant()).isEmpty()) {
                throw new InvalidScheduleException("'" + expression + "' never fires (no such date)");
            }
            return cron;
        }

        private static BitSet field(String name, String text, int min, int max, String[] names, String expression) {
            BitSet bits = new BitSet(max + 1);
            for (String item : text.split(",", -1)) {
                String range = item;
                int step = 1;
                int slash = item.indexOf('/');
                if (slash >= 0) {
                    range = item.substring(0, slash);
                    step = number(name, item.substring(slash + 1), 1, max, null, expression);
                }
                int from;
                int to;
                if (range.equals("*")) {
                    from = min;
                    to = max;
                } else if (range.indexOf('-') > 0) {
                    int dash = range.indexOf('-');
                    from = number(name, range.substring(0, dash), min, max, names, expression);
                    to = number(name, range.substring(dash + 1), min, max, names, expression);
                    if (to < from) {
                        throw bad(name, item, "range goes backwards", expression);
                    }
                } else {
                    from = number(name, range, min, max, names, expression);
                    to = slash >= 0 ? max : from;
                }
                for (int v = from; v <= to; v += step) {
                    bits.set(v);
                }
            }
            return bits;
        }

        private static int number(String name, String text, int min, int max, String[] names, String expression) {
            if (names != null) {
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equalsIgnoreCase(text)) {
                        return names == MONTHS ? i + 1 : i;
                    }
                }
            }
            int value;
            try {
                value = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw bad(name, text, "is not a number" + (names == null ? "" : " or name"), expression);
            }
            if (value < min || value > max) {
                throw bad(name, text, "is out of range " + min + "-" + max, expression);
            }
            return value;
        }

        private static InvalidScheduleException bad(String name, String part, String why, String expression) {
            return new InvalidScheduleException("cron " + name + " '" + part + "' " + why + " in '" + expression + "'");
        }

        private boolean dayMatches(LocalDate date) {
            if (!months.get(date.getMonthValue())) {
                return false;
            }
            boolean dom = daysOfMonth.get(date.getDayOfMonth());
            boolean dow = daysOfWeek.get(date.getDayOfWeek().getValue() % 7);
            // Vixie cron: when both day fields are restricted, either one matching is enough
            return domRestricted && dowRestricted ? dom || dow : dom && dow;
        }

        @Override
        public Optional<Instant> nextAfter(Instant instant) {
            LocalDate day = instant.atZone(zone()).toLocalDate().minusDays(1); // an overlap can reach back a day
            for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
                if (!dayMatches(day)) {
                    continue;
                }
                Instant best = null;
                for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                    for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                        // a gap shifts the time forward, an overlap takes the earlier offset
                        Instant at = day.atTime(h, m).atZone(zone()).toInstant();
                        if (at.isAfter(instant) && (best == null || at.isBefore(best))) {
                            best = at;
                        }
                    }
                }
                if (best != null) {
                    return Optional.of(best);
                }
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
