package io.pgvault.instance.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static List<Instant> occurrences(Schedule schedule, Instant after, int n) {
        List<Instant> out = new ArrayList<>();
        Instant t = after;
        for (int i = 0; i < n; i++) {
            t = schedule.nextAfter(t).orElseThrow();
            out.add(t);
        }
        return out;
    }

    @Test
    void aStartOutsideYearsOneTo9999IsRefusedNamingIt() {
        for (String start : new String[] {"+300000-01-01T00:00:00Z", "-4713-01-01T00:00:00Z", "0000-12-31T23:00:00Z",
                "+10000-01-01T00:00:00Z", "+999999999-12-31T23:59:59"}) {
            assertThatThrownBy(() -> Schedule.parse("R/" + start + "/P1D", "UTC"))
                    .as(start).isInstanceOf(InvalidScheduleException.class)
                    .hasMessageContaining("start '" + start + "'");
        }
        assertThat(Schedule.parse("R/0001-01-01T00:00:00Z/P1D", "UTC").nextAfter(Instant.parse("2026-01-01T12:00:00Z")))
                .contains(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(Schedule.parse("R/9999-12-30T00:00:00Z/P1D", "UTC").nextAfter(Instant.parse("2026-01-01T12:00:00Z")))
                .contains(Instant.parse("9999-12-30T00:00:00Z"));
    }

    @Test
    void aPeriodLongerThanTenYearsIsRefusedNotOverflowed() {
        for (String period : new String[] {"P999999999Y", "P10Y1D", "P200000W", "PT999999999H"}) {
            assertThatThrownBy(() -> Schedule.parse("R/2026-01-01T00:00:00Z/" + period, "UTC"))
                    .as(period).isInstanceOf(InvalidScheduleException.class)
                    .hasMessageContaining("period '" + period + "' must be at most P10Y");
        }
        assertThat(Schedule.parse("R/2026-01-01T00:00:00Z/P10Y", "UTC").nextAfter(Instant.parse("2026-06-01T00:00:00Z")))
                .contains(Instant.parse("2036-01-01T00:00:00Z"));
    }

    @Test
    void dailyIntervalFiresAtItsStartAndEveryDayAfter() {
        Schedule daily = Schedule.parse("R/2026-01-01T02:00:00Z/P1D", "UTC");
        assertThat(daily.nextAfter(at("2025-12-01T00:00:00Z"))).contains(at("2026-01-01T02:00:00Z"));
        assertThat(daily.nextAfter(at("2026-01-01T02:00:00Z"))).contains(at("2026-01-02T02:00:00Z"));
        assertThat(daily.nextAfter(at("2026-03-15T13:00:00Z"))).contains(at("2026-03-16T02:00:00Z"));
    }

    @Test
    void nextAfterIsStrictlyAfterEvenFarFromTheStart() {
        Schedule sixHourly = Schedule.parse("R/2026-01-01T00:00:00Z/PT6H", "UTC");
        assertThat(sixHourly.nextAfter(at("2031-07-09T12:00:00Z"))).contains(at("2031-07-09T18:00:00Z"));
        assertThat(sixHourly.nextAfter(at("2031-07-09T11:59:59Z"))).contains(at("2031-07-09T12:00:00Z"));
    }

    @Test
    void weeklyIntervalKeepsItsLocalTimeAcrossDaylightSavingChanges() {
        // 02:00 CET on Sunday 4 January; CEST begins on 29 March 2026 and ends on 25 October
        Schedule weekly = Schedule.parse("R/2026-01-04T02:00:00+01:00/P1W", "Europe/Berlin");
        assertThat(weekly.nextAfter(at("2026-03-23T00:00:00Z"))).contains(at("2026-03-29T01:00:00Z")); // 03:00 CEST: 02:00 does not exist
        assertThat(weekly.nextAfter(at("2026-03-30T00:00:00Z"))).contains(at("2026-04-05T00:00:00Z")); // 02:00 CEST
        assertThat(weekly.nextAfter(at("2026-10-26T00:00:00Z"))).contains(at("2026-11-01T01:00:00Z")); // 02:00 CET
    }

    @Test
    void exactHoursIgnoreDaylightSavingButCalendarDaysDoNot() {
        Schedule days = Schedule.parse("R/2026-03-28T12:00:00/P1D", "Europe/Berlin");
        Schedule hours = Schedule.parse("R/2026-03-28T12:00:00/PT24H", "Europe/Berlin");
        Instant saturdayNoon = at("2026-03-28T11:00:00Z");
        assertThat(days.nextAfter(saturdayNoon)).contains(at("2026-03-29T10:00:00Z")); // noon CEST, 23 h later
        assertThat(hours.nextAfter(saturdayNoon)).contains(at("2026-03-29T11:00:00Z")); // 13:00 CEST
    }

    @Test
    void monthlyFromTheThirtyFirstFallsOnMonthEndsWithoutDrifting() {
        Schedule monthly = Schedule.parse("R/2026-01-31T03:00:00Z/P1M", "UTC");
        assertThat(occurrences(monthly, at("2026-01-31T03:00:00Z"), 3))
                .containsExactly(at("2026-02-28T03:00:00Z"), at("2026-03-31T03:00:00Z"), at("2026-04-30T03:00:00Z"));
    }

    @Test
    void yearlyFromLeapDayFallsOnFebruary28ThenLeapDayAgain() {
        Schedule yearly = Schedule.parse("R/2028-02-29T00:00:00Z/P1Y", "UTC");
        assertThat(occurrences(yearly, at("2028-02-29T00:00:00Z"), 4)).containsExactly(
                at("2029-02-28T00:00:00Z"), at("2030-02-28T00:00:00Z"), at("2031-02-28T00:00:00Z"),
                at("2032-02-29T00:00:00Z"));
    }

    @Test
    void repetitionCountEndsTheSchedule() {
        Schedule three = Schedule.parse("R3/2026-01-01T00:00:00Z/P1D", "UTC");
        assertThat(three.nextAfter(at("2026-01-02T12:00:00Z"))).contains(at("2026-01-03T00:00:00Z"));
        assertThat(three.nextAfter(at("2026-01-03T00:00:00Z"))).isEmpty();
    }

    @Test
    void cronFiresInItsTimeZone() {
        Schedule cron = Schedule.parse("30 2 * * *", "America/New_York");
        assertThat(cron.nextAfter(at("2026-01-10T00:00:00Z"))).contains(at("2026-01-10T07:30:00Z"));
        assertThat(cron.nextAfter(at("2026-07-10T00:00:00Z"))).contains(at("2026-07-10T06:30:00Z"));
    }

    @Test
    void cronInTheSpringGapFiresOnceAtTheShiftedTime() {
        Schedule cron = Schedule.parse("30 2 * * *", "Europe/Berlin");
        assertThat(occurrences(cron, at("2026-03-27T12:00:00Z"), 3)).containsExactly(
                at("2026-03-28T01:30:00Z"), // 02:30 CET
                at("2026-03-29T01:30:00Z"), // 02:30 does not exist: 03:30 CEST
                at("2026-03-30T00:30:00Z")); // 02:30 CEST
    }

    @Test
    void cronInTheAutumnOverlapFiresOnceAtTheEarlierOffset() {
        Schedule cron = Schedule.parse("30 2 * * *", "Europe/Berlin");
        assertThat(occurrences(cron, at("2026-10-24T12:00:00Z"), 2)).containsExactly(
                at("2026-10-25T00:30:00Z"), // 02:30 CEST, the first of the two 02:30s
                at("2026-10-26T01:30:00Z"));
    }

    @Test
    void cronWithBothDayFieldsFiresOnEither() {
        // the 13th or any Friday, at midnight UTC
        Schedule cron = Schedule.parse("0 0 13 * FRI", "UTC");
        assertThat(occurrences(cron, at("2026-02-01T00:00:00Z"), 3)).containsExactly(
                at("2026-02-06T00:00:00Z"), at("2026-02-13T00:00:00Z"), at("2026-02-20T00:00:00Z"));
    }

    @Test
    void cronOnLeapDayWaitsForTheNextLeapYear() {
        Schedule cron = Schedule.parse("0 4 29 2 *", "UTC");
        assertThat(cron.nextAfter(at("2026-01-01T00:00:00Z"))).contains(at("2028-02-29T04:00:00Z"));
    }

    @Test
    void cronSupportsRangesStepsListsNamesAndMacros() {
        Schedule cron = Schedule.parse("0 */6 * JAN-MAR MON-FRI", "UTC");
        assertThat(occurrences(cron, at("2026-01-02T05:00:00Z"), 3)).containsExactly( // Friday
                at("2026-01-02T06:00:00Z"), at("2026-01-02T12:00:00Z"), at("2026-01-02T18:00:00Z"));
        assertThat(cron.nextAfter(at("2026-01-02T18:00:00Z"))).contains(at("2026-01-05T00:00:00Z")); // Monday
        assertThat(Schedule.parse("@daily", "UTC").nextAfter(at("2026-01-02T05:00:00Z")))
                .contains(at("2026-01-03T00:00:00Z"));
        assertThat(Schedule.parse("15,45 1 1 * 7", "UTC").nextAfter(at("2026-02-01T01:20:00Z"))) // Sunday the 1st
                .contains(at("2026-02-01T01:45:00Z"));
    }

    @Test
    void invalidSchedulesQuoteTheBadPart() {
        assertThatThrownBy(() -> Schedule.parse("0 25 * * *", "UTC"))
                .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("hour '25'");
        assertThatThrownBy(() -> Schedule.parse("0 2 * FOO *", "UTC"))
                .hasMessageContaining("month 'FOO'");
        assertThatThrownBy(() -> Schedule.parse("0 2 * *", "UTC"))
                .hasMessageContaining("has 4 fields");
        assertThatThrownBy(() -> Schedule.parse("0 0 31 2 *", "UTC"))
                .hasMessageContaining("never fires");
        assertThatThrownBy(() -> Schedule.parse("R/2026-13-01T00:00:00Z/P1D", "UTC"))
                .hasMessageContaining("start '2026-13-01T00:00:00Z'");
        assertThatThrownBy(() -> Schedule.parse("R/2026-01-01T00:00:00Z/1D", "UTC"))
                .hasMessageContaining("period '1D'");
        assertThatThrownBy(() -> Schedule.parse("R/2026-01-01T00:00:00Z/PT0S", "UTC"))
                .hasMessageContaining("period 'PT0S'");
        assertThatThrownBy(() -> Schedule.parse("R0/2026-01-01T00:00:00Z/P1D", "UTC"))
                .hasMessageContaining("'R0'");
        assertThatThrownBy(() -> Schedule.parse("0 2 * * *", "Mars/Olympus"))
                .hasMessageContaining("'Mars/Olympus'");
    }

    @Test
    void schedulesMoreFrequentThanTheMinimumAreRefused() {
        Duration hour = Duration.ofHours(1);
        assertThatThrownBy(() -> Schedule.parse("*/30 * * * *", "UTC").requireIntervalAtLeast(hour))
                .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("PT30M").hasMessageContaining("PT1H");
        assertThatThrownBy(() -> Schedule.parse("R/2026-01-01T00:00:00Z/PT10M", "UTC").requireIntervalAtLeast(hour))
                .hasMessageContaining("PT10M");
        Schedule.parse("0 * * * *", "Europe/Berlin").requireIntervalAtLeast(hour);
        Schedule.parse("R/2026-01-01T00:00:00Z/PT1H", "UTC").requireIntervalAtLeast(hour);
        Schedule.parse("R/2026-01-01T00:00:00Z/PT5S", "UTC").requireIntervalAtLeast(Duration.ofSeconds(1));
    }

    @Test
    void startWithoutOffsetIsReadInTheTimeZone() {
        Schedule local = Schedule.parse("R/2026-06-01T02:00:00/P1D", "Europe/Berlin");
        assertThat(local.nextAfter(at("2026-05-01T00:00:00Z")))
                .contains(ZonedDateTime.parse("2026-06-01T02:00:00+02:00[Europe/Berlin]").toInstant());
    }
}
