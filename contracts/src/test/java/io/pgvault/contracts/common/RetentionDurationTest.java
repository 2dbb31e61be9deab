package io.pgvault.contracts.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The one retention-duration rule, as instance-service validates it and retention-service applies it. */
class RetentionDurationTest {

    private static final Duration ONE_DAY = Duration.ofDays(1);

    @Test
    void acceptsDaysWeeksMonthsYearsAndCombinations() {
        for (String ok : new String[] {"P1D", "P30D", "P12W", "P12M", "P10Y", "P1Y6M", "PT24H", "P120M", " P7D "}) {
            assertThat(RetentionDuration.validate(ok, ONE_DAY)).isEqualTo(ok.trim());
        }
    }

    @Test
    void refusesShorterThanTheMinimumOrLongerThanTenYears() {
        assertThatThrownBy(() -> RetentionDuration.validate("PT23H", ONE_DAY)).hasMessageContaining("'PT23H' is shorter");
        assertThatThrownBy(() -> RetentionDuration.validate("P10Y1D", ONE_DAY)).hasMessageContaining("'P10Y1D' is longer");
        assertThatThrownBy(() -> RetentionDuration.validate("P522W", ONE_DAY)).hasMessageContaining("longer than the maximum P10Y");
    }

    @Test
    void aDurationBeyondAnyCalendarIsLongerThanTheMaximumNotAnError() {
        for (String huge : new String[] {"P999999999Y", "P999999999Y11M", "P2147483647M", "P2147483647D"}) {
            assertThatThrownBy(() -> RetentionDuration.validate(huge, ONE_DAY))
                    .as(huge).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("longer than the maximum P10Y");
        }
        for (String negative : new String[] {"-P1D", "P-1Y", "PT-1S", "P1DT-1H"}) {
            assertThatThrownBy(() -> RetentionDuration.validate(negative, ONE_DAY))
                    .as(negative).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not an ISO-8601 duration");
        }
    }

    @Test
    void aDeploymentCanLowerTheMinimumToSeconds() {
        assertThat(RetentionDuration.validate("PT30S", Duration.ofSeconds(1))).isEqualTo("PT30S");
    }

    @Test
    void refusesWhatIsNotADuration() {
        for (String bad : new String[] {"30D", "P", "PT", "P-1D", "forever", "P1.5D"}) {
            assertThatThrownBy(() -> RetentionDuration.validate(bad, ONE_DAY))
                    .as(bad).hasMessageContaining("'" + bad + "' is not an ISO-8601 duration");
        }
        assertThatThrownBy(() -> RetentionDuration.validate(null, ONE_DAY)).hasMessageContaining("must be");
    }

    @Test
    void aZeroDurationIsRefused() {
        assertThatThrownBy(() -> RetentionDuration.parse("P0D")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetentionDuration.validate("PT0S", Duration.ZERO))
                .hasMessageContaining("'PT0S' must be longer than zero");
    }

    @Test
    void readsAnyCaseAndKeepsTheTextUpperCased() {
        assertThat(RetentionDuration.validate(" p30d ", ONE_DAY)).isEqualTo("P30D");
        RetentionDuration mixed = RetentionDuration.parse("p1dt12h");
        assertThat(mixed.text()).isEqualTo("P1DT12H");
        assertThat(mixed.period().getDays()).isEqualTo(1);
        assertThat(mixed.time()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void theDatePartIsAddedInTheCalendarAndTheTimePartAsExactTime() {
        // 28 March 2026, noon in Berlin; CEST begins the next night, so that day has 23 hours
        ZonedDateTime noon = ZonedDateTime.of(2026, 3, 28, 12, 0, 0, 0, ZoneId.of("Europe/Berlin"));
        assertThat(RetentionDuration.parse("P1D").addTo(noon).toInstant())
                .isEqualTo(noon.toInstant().plus(Duration.ofHours(23)));
        assertThat(RetentionDuration.parse("PT24H").addTo(noon).toInstant())
                .isEqualTo(noon.toInstant().plus(Duration.ofHours(24)));
        assertThat(RetentionDuration.parse("P1M").addTo(ZonedDateTime.parse("2026-01-31T03:00:00Z")))
                .isEqualTo(ZonedDateTime.parse("2026-02-28T03:00:00Z"));
    }
}
