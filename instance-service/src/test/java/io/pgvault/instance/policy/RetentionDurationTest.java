package io.pgvault.instance.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

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
}
