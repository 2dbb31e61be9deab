package io.pgvault.platform.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InstantRangeTest {

    @Test
    void readsRfc3339InstantsOfYearsOneTo9999() {
        assertThat(InstantRange.parse("2026-01-01T00:00:00Z")).contains(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(InstantRange.parse(" 0001-01-01T00:00:00Z ")).contains(InstantRange.MIN);
        assertThat(InstantRange.parse("9999-12-31T23:59:59.999999Z")).contains(InstantRange.MAX);
    }

    @Test
    void refusesInstantsJavaReadsButPostgresqlCannotStore() {
        for (String text : new String[] {"+300000-01-01T00:00:00Z", "-4713-01-01T00:00:00Z", "0000-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z"}) {
            assertThat(InstantRange.parse(text)).as(text).isEmpty();
        }
    }

    @Test
    void refusesWhatIsNoInstant() {
        for (String text : new String[] {"", "2026-13-45T99:00:00Z", "2026-01-01", "1e10", "now", "2026-01-01T00:00:00"}) {
            assertThat(InstantRange.parse(text)).as(text).isEmpty();
        }
        assertThat(InstantRange.parse(null)).isEmpty();
    }

    @Test
    void aSumThatLeavesTheRangeIsEmptyNotAnOverflow() {
        assertThat(InstantRange.plusSeconds(Instant.parse("2026-01-01T00:00:00Z"), 86_400))
                .contains(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(InstantRange.plusSeconds(InstantRange.MAX, 1)).isEmpty();
        assertThat(InstantRange.plusSeconds(InstantRange.MAX, Long.MAX_VALUE)).isEmpty();
        assertThat(InstantRange.plusSeconds(InstantRange.MIN, -1)).isEmpty();
    }
}
