package io.pgvault.cli.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeArgsTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void instantsDatesAndAges() {
        assertThat(TimeArgs.parse("2026-11-30T22:00:00Z", NOW)).isEqualTo(Instant.parse("2026-11-30T22:00:00Z"));
        assertThat(TimeArgs.parse("2026-11-30", NOW)).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(TimeArgs.parse("30m", NOW)).isEqualTo(NOW.minusSeconds(1800));
        assertThat(TimeArgs.parse("7d", NOW)).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(TimeArgs.parse("2w", NOW)).isEqualTo(Instant.parse("2026-11-17T12:00:00Z"));
        assertThatThrownBy(() -> TimeArgs.parse("last tuesday", NOW)).hasMessageContaining("an age (30m, 12h, 7d, 2w)");
    }

    @Test
    void durations() {
        assertThat(TimeArgs.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TimeArgs.duration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(TimeArgs.duration("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> TimeArgs.duration("soon")).hasMessageContaining("not a duration");
    }
}
