package io.pgvault.instance.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgvault.platform.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The schedule preview a policy form shows as you type. */
class PolicyRulesNextRunsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aCronScheduleInBerlinRunsAtTwoLocalTimeWrittenInUtc() {
        assertThat(PolicyRules.nextRuns("0 2 * * *", "Europe/Berlin", 3, Duration.ofHours(1), NOW)).containsExactly(
                Instant.parse("2026-12-02T01:00:00Z"), Instant.parse("2026-12-03T01:00:00Z"), Instant.parse("2026-12-04T01:00:00Z"));
    }

    @Test
    void aRepeatingIntervalThatEndsGivesFewerRunsThanAsked() {
        assertThat(PolicyRules.nextRuns("R2/2026-12-01T13:00:00Z/P1D", "UTC", 5, Duration.ofHours(1), NOW)).containsExactly(
                Instant.parse("2026-12-01T13:00:00Z"), Instant.parse("2026-12-02T13:00:00Z"));
    }

    @Test
    void aScheduleTooFrequentOrUnreadableIsRefusedNamingTheField() {
        assertThatThrownBy(() -> PolicyRules.nextRuns("*/5 * * * *", "UTC", 5, Duration.ofHours(1), NOW))
                .isInstanceOf(ProblemException.class).hasMessageContaining("schedule");
        assertThatThrownBy(() -> PolicyRules.nextRuns("every night", "UTC", 5, Duration.ofHours(1), NOW))
                .isInstanceOf(ProblemException.class).hasMessageContaining("schedule");
        assertThatThrownBy(() -> PolicyRules.nextRuns("0 2 * * *", "Mars/Olympus", 5, Duration.ofHours(1), NOW))
                .isInstanceOf(ProblemException.class).hasMessageContaining("timeZone");
    }
}
