package io.pgvault.retention.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.retention.hold.HoldKind;
import io.pgvault.retention.sweep.SweepRule.HoldFacts;
import io.pgvault.retention.sweep.SweepRule.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepRuleTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void anExpiredUnheldPointAboveTheFloorIsDeletable() {
        Verdict verdict = SweepRule.decide(NOW, NOW.minusSeconds(1), List.of(), 1, 1);

        assertThat(verdict.deletable()).isTrue();
        assertThat(verdict.earliestDeletionAt()).isEqualTo(NOW);
    }

    @Test
    void aPointExpiringExactlyNowIsExpired() {
        assertThat(SweepRule.decide(NOW, NOW, List.of(), 5, 1).deletable()).isTrue();
    }

    @Test
    void aPointNotYetExpiredIsKeptUntilItsExpiry() {
        Instant expiry = NOW.plusSeconds(3600);
        Verdict verdict = SweepRule.decide(NOW, expiry, List.of(), 3, 1);

        assertThat(verdict.deletable()).isFalse();
        assertThat(verdict.earliestDeletionAt()).isEqualTo(expiry);
        assertThat(verdict.reasons()).anyMatch(r -> r.contains("kept until its expiry"));
    }

    @Test
    void anyActiveHoldKeepsAnExpiredPoint() {
        for (HoldKind kind : HoldKind.values()) {
            Verdict verdict = SweepRule.decide(NOW, NOW.minusSeconds(60),
                    List.of(new HoldFacts(kind, "someone", null)), 3, 1);
            assertThat(verdict.deletable()).as(kind.name()).isFalse();
            assertThat(verdict.earliestDeletionAt()).as(kind.name()).isNull();
        }
    }

    @Test
    void aLeasedHoldKeepsThePointUntilItsLeaseEndsAndNoLonger() {
        Instant leaseEnd = NOW.plusSeconds(300);
        List<HoldFacts> holds = List.of(new HoldFacts(HoldKind.RESTORE, "job-1", leaseEnd));

        Verdict during = SweepRule.decide(NOW, NOW.minusSeconds(60), holds, 3, 1);
        assertThat(during.deletable()).isFalse();
        assertThat(during.earliestDeletionAt()).isEqualTo(leaseEnd);

        Verdict after = SweepRule.decide(leaseEnd, NOW.minusSeconds(60), holds, 3, 1);
        assertThat(after.deletable()).isTrue();
        assertThat(after.activeHolds()).isEmpty();
    }

    @Test
    void theNewestPointsAreKeptByTheFloorEvenWhenExpired() {
        // A run of failed backups: the last good point expired long ago, and nothing newer exists.
        Verdict newest = SweepRule.decide(NOW, NOW.minusSeconds(86_400 * 40L), List.of(), 0, 1);
        assertThat(newest.deletable()).isFalse();
        assertThat(newest.inFloor()).isTrue();
        assertThat(newest.earliestDeletionAt()).isNull();

        // With a floor of 3, the third newest is kept and the fourth goes.
        assertThat(SweepRule.decide(NOW, NOW.minusSeconds(1), List.of(), 2, 3).deletable()).isFalse();
        assertThat(SweepRule.decide(NOW, NOW.minusSeconds(1), List.of(), 3, 3).deletable()).isTrue();
    }

    @Test
    void aPointWithoutExpiryIsKeptForever() {
        Verdict verdict = SweepRule.decide(NOW, null, List.of(), 10, 1);

        assertThat(verdict.deletable()).isFalse();
        assertThat(verdict.earliestDeletionAt()).isNull();
        assertThat(verdict.reasons()).containsExactly("kept forever: it has no expiry");
    }
}
