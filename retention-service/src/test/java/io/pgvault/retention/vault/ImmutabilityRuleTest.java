package io.pgvault.retention.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.contracts.common.Immutability;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImmutabilityRuleTest {

    private static final Instant CREATED = Instant.parse("2026-01-10T02:00:00Z");
    private static final Instant EXPIRY = Instant.parse("2026-02-09T02:00:00Z");

    private static PointFacts point(String rule, Instant birth, Instant expires) {
        return new PointFacts(UUID.randomUUID(), UUID.randomUUID(), CREATED, rule, "UTC", birth, expires);
    }

    @Test
    void aDisabledVaultLetsAnyPointTheSweepChoseGo() {
        assertThat(ImmutabilityRule.allowsDeletion(Immutability.DISABLED, point("P30D", EXPIRY, EXPIRY), CREATED))
                .isTrue();
    }

    @Test
    void anImmutableVaultKeepsAPointUntilItsExpiry() {
        PointFacts p = point("P30D", EXPIRY, EXPIRY);
        for (Immutability state : new Immutability[] {Immutability.ENABLED, Immutability.LOCKED}) {
            assertThat(ImmutabilityRule.allowsDeletion(state, p, EXPIRY.minusSeconds(1))).isFalse();
            assertThat(ImmutabilityRule.allowsDeletion(state, p, EXPIRY)).isTrue();
        }
    }

    @Test
    void expiriesEditedIntoThePastDoNotShortenWhatTheRuleKeeps() {
        Instant past = CREATED.minus(Duration.ofDays(1));
        PointFacts edited = point("P30D", past, past);
        assertThat(ImmutabilityRule.keptUntil(edited)).isEqualTo(EXPIRY);
        assertThat(ImmutabilityRule.allowsDeletion(Immutability.ENABLED, edited, EXPIRY.minusSeconds(1))).isFalse();
    }

    @Test
    void anExtendedExpiryKeepsThePointLonger() {
        Instant later = EXPIRY.plus(Duration.ofDays(10));
        assertThat(ImmutabilityRule.keptUntil(point("P30D", EXPIRY, later))).isEqualTo(later);
    }

    @Test
    void aPointWithNoExpiryOrAnUnreadableRuleIsKeptForever() {
        assertThat(ImmutabilityRule.keptUntil(point("none", null, null))).isNull();
        assertThat(ImmutabilityRule.allowsDeletion(Immutability.LOCKED, point("P30X", EXPIRY, EXPIRY),
                EXPIRY.plus(Duration.ofDays(999)))).isFalse();
    }
}
