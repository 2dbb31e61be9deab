package io.pgvault.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CachedTokenTest {

    private static final Instant ISSUED = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aTokenIsReplacedTheConfiguredMarginBeforeItExpires() {
        CachedToken token = CachedToken.of("t", ISSUED, Duration.ofMinutes(15), Duration.ofSeconds(60));

        assertThat(token.usableAt(ISSUED.plus(Duration.ofMinutes(13)))).isTrue();
        assertThat(token.usableAt(ISSUED.plus(Duration.ofSeconds(14 * 60 - 1)))).isTrue();
        assertThat(token.usableAt(ISSUED.plus(Duration.ofMinutes(14)))).isFalse();
    }

    @Test
    void aShortLivedTokenIsStillReusedForHalfItsLifetime() {
        CachedToken token = CachedToken.of("t", ISSUED, Duration.ofSeconds(30), Duration.ofSeconds(60));

        assertThat(token.usableAt(ISSUED.plusSeconds(14))).isTrue();
        assertThat(token.usableAt(ISSUED.plusSeconds(15))).isFalse();
    }
}
