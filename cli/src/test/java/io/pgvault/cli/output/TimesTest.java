package io.pgvault.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void relativeTimesPickTheUnitPeopleUse() {
        assertThat(Times.relative(NOW, NOW)).isEqualTo("just now");
        assertThat(Times.relative(NOW.minusSeconds(42), NOW)).isEqualTo("42 s ago");
        assertThat(Times.relative(NOW.minusSeconds(3 * 60 + 59), NOW)).isEqualTo("3 min ago");
        assertThat(Times.relative(NOW.plusSeconds(5 * 3600), NOW)).isEqualTo("in 5 h");
        assertThat(Times.relative(NOW.minus(Duration.ofHours(47)), NOW)).isEqualTo("47 h ago");
        assertThat(Times.relative(NOW.minus(Duration.ofDays(3)), NOW)).isEqualTo("3 d ago");
        assertThat(Times.relative(NOW.plus(Duration.ofDays(59)), NOW)).isEqualTo("in 59 d");
        assertThat(Times.relative(NOW.minus(Duration.ofDays(95)), NOW)).isEqualTo("3 mo ago");
        assertThat(Times.relative(NOW.plus(Duration.ofDays(3650)), NOW)).isEqualTo("in 10 y");
    }

    @Test
    void apiTimesAreReadAsTheyComeAndNullsStayEmpty() {
        assertThat(Times.relative("2026-12-01T11:59:30.123456Z", NOW)).isEqualTo("29 s ago");
        assertThat(Times.relative((String) null, NOW)).isEmpty();
        assertThat(Times.relative("yesterday", NOW)).isEqualTo("yesterday");
        assertThat(Times.absoluteAndRelative("2026-12-01T17:00:00Z", NOW)).isEqualTo("2026-12-01T17:00:00Z (in 5 h)");
    }

    @Test
    void durationsAndClocks() {
        assertThat(Times.duration(573)).isEqualTo("573 ms");
        assertThat(Times.duration(4_812)).isEqualTo("4.8 s");
        assertThat(Times.duration(184_000)).isEqualTo("3 min 4 s");
        assertThat(Times.duration(7_500_000)).isEqualTo("2 h 5 min");
        assertThat(Times.clock(Duration.ofSeconds(42))).isEqualTo("00:42");
        assertThat(Times.clock(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
    }

    @Test
    void sizesInBinaryUnits() {
        assertThat(Bytes.human(512)).isEqualTo("512 B");
        assertThat(Bytes.human(346_694)).isEqualTo("338.6 KiB");
        assertThat(Bytes.human(27_483_495)).isEqualTo("26.2 MiB");
        assertThat(Bytes.human(1_288_490_189L)).isEqualTo("1.2 GiB");
    }
}
