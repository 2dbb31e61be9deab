package io.pgvault.retention.impact;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.contracts.common.Immutability;
import io.pgvault.contracts.common.StopMode;
import io.pgvault.retention.catalog.PointState;
import io.pgvault.retention.hold.HoldKind;
import io.pgvault.retention.impact.ImpactPlan.PlannedHold;
import io.pgvault.retention.impact.ImpactPlan.PointImpact;
import io.pgvault.retention.sweep.SweepRule.HoldFacts;
import io.pgvault.retention.vault.PointFacts;
import io.pgvault.retention.vault.VaultState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ImpactPlannerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final UUID INSTANCE = UUID.randomUUID();
    private static final VaultState OPEN = new VaultState(Immutability.DISABLED, Duration.ofDays(14), false, 1);
    private static final VaultState IMMUTABLE = new VaultState(Immutability.ENABLED, Duration.ofDays(14), false, 1);

    /** A live point taken {@code daysAgo} days ago under a P{@code ruleDays}D rule. */
    private static PointSnapshot live(int daysAgo, int ruleDays, HoldFacts... holds) {
        Instant created = NOW.minus(Duration.ofDays(daysAgo));
        Instant expires = created.plus(Duration.ofDays(ruleDays));
        return new PointSnapshot(new PointFacts(UUID.randomUUID(), INSTANCE, created, "P" + ruleDays + "D", "UTC",
                expires, expires), 1000L * (daysAgo + 1), PointState.LIVE, null, null, List.of(holds));
    }

    private static PointSnapshot deleted(int daysAgo, int deletedDaysAgo, String reason) {
        Instant created = NOW.minus(Duration.ofDays(daysAgo));
        Instant expires = created.plus(Duration.ofDays(1));
        return new PointSnapshot(new PointFacts(UUID.randomUUID(), INSTANCE, created, "P1D", "UTC", expires, expires),
                500, PointState.DELETED, NOW.minus(Duration.ofDays(deletedDaysAgo)), reason, List.of());
    }

    private static Map<UUID, PointImpact> byId(ImpactPlan plan) {
        return plan.points().stream().collect(Collectors.toMap(PointImpact::recoveryPointId, Function.identity()));
    }

    private static final HoldFacts RETAIN_FOREVER = new HoldFacts(HoldKind.RETAIN_FOREVER, "protection-stopped", null);
    private static final HoldFacts LATEST = new HoldFacts(HoldKind.LATEST, "protection-stopped", null);

    @Test
    void retainAsPerPolicyGivesTheNewestPointLatestAndLeavesTheOthersToTheirExpiry() {
        PointSnapshot old = live(10, 30);
        PointSnapshot newest = live(1, 30);
        PointSnapshot expired = live(5, 2);
        ImpactPlan plan = ImpactPlanner.plan(NOW, 1, OPEN, List.of(old, newest, expired),
                new ImpactCommand.Stop(StopMode.RETAIN_AS_PER_POLICY));

        assertThat(plan.holdsToPlace()).containsExactly(new PlannedHold(newest.id(), HoldKind.LATEST));
        Map<UUID, PointImpact> impacts = byId(plan);
        assertThat(impacts.get(newest.id()).outcome()).isEqualTo(Outcome.GETS_HOLD_LATEST);
        assertThat(impacts.get(newest.id()).deletableFrom()).isNull();
        assertThat(impacts.get(old.id()).outcome()).isEqualTo(Outcome.KEPT);
        assertThat(impacts.get(old.id()).date()).isEqualTo(old.expiresAt());
        assertThat(impacts.get(old.id()).deletableFrom()).isEqualTo(old.expiresAt());
        assertThat(impacts.get(old.id()).changed()).isFalse();
        // expired already and above the floor: the stop does not save it
        assertThat(impacts.get(expired.id()).outcome()).isEqualTo(Outcome.DELETED_AT_FIRST_SWEEP_AFTER);
        assertThat(impacts.get(expired.id()).date()).isEqualTo(expired.expiresAt());
    }

    @Test
    void retainForeverHoldsEveryLivePointWithNoDeletionDate() {
        PointSnapshot a = live(10, 30);
        PointSnapshot b = live(5, 2);
        ImpactPlan plan = ImpactPlanner.plan(NOW, 1, OPEN, List.of(a, b), new ImpactCommand.Stop(StopMode.RETAIN_FOREVER));

        assertThat(plan.holdsToPlace()).containsExactlyInAnyOrder(new PlannedHold(a.id(), HoldKind.RETAIN_FOREVER),
                new PlannedHold(b.id(), HoldKind.RETAIN_FOREVER));
        assertThat(plan.points()).allSatisfy(p -> {
            assertThat(p.outcome()).isEqualTo(Outcome.KEPT);
            assertThat(p.deletableFrom()).isNull();
            assertThat(p.summary()).contains("RETAIN_FOREVER");
        });
        // a would have gone at its expiry; b, the newest, is the floor and was kept anyway
        assertThat(byId(plan).get(a.id()).changed()).isTrue();
        assertThat(byId(plan).get(b.id()).changed()).isFalse();
    }

    @Test
    void resumeLetsPointsWhoseRetentionPassedGoAtTheNextSweepAndKeepsTheFloor() {
        PointSnapshot expiredOld = live(10, 2, RETAIN_FOREVER);
        PointSnapshot expiredNewest = live(5, 2, RETAIN_FOREVER);
        PointSnapshot unexpired = live(8, 30, RETAIN_FOREVER);
        ImpactPlan plan = ImpactPlanner.plan(NOW, 1, OPEN, List.of(expiredOld, expiredNewest, unexpired),
                new ImpactCommand.Resume());

        Map<UUID, PointImpact> impacts = byId(plan);
        assertThat(impacts.get(expiredOld.id()).outcome()).isEqualTo(Outcome.DELETED_AT_FIRST_SWEEP_AFTER);
        assertThat(impacts.get(expiredOld.id()).date()).isEqualTo(expiredOld.expiresAt());
        assertThat(impacts.get(expiredOld.id()).changed()).isTrue();
        // the newest live point is the floor: kept, though expired
        assertThat(impacts.get(expiredNewest.id()).outcome()).isEqualTo(Outcome.KEPT);
        assertThat(impacts.get(expiredNewest.id()).deletableFrom()).isNull();
        assertThat(impacts.get(expiredNewest.id()).summary()).contains("floor");
        assertThat(impacts.get(unexpired.id()).outcome()).isEqualTo(Outcome.KEPT);
        assertThat(impacts.get(unexpired.id()).deletableFrom()).isEqualTo(unexpired.expiresAt());
    }

    @Test
    void deleteSoftDeletesEveryLivePointNowButOneARestoreReadsAndLeavesDeletedOnesAlone() {
        PointSnapshot a = live(3, 30);
        Instant leaseEnd = NOW.plusSeconds(600);
        PointSnapshot reading = live(2, 30, new HoldFacts(HoldKind.RESTORE, "job-1", leaseEnd));
        PointSnapshot gone = deleted(20, 5, "EXPIRED");
        ImpactPlan plan = ImpactPlanner.plan(NOW, 1, OPEN, List.of(a, reading, gone), new ImpactCommand.DeleteInstance());

        Map<UUID, PointImpact> impacts = byId(plan);
        assertThat(impacts.get(a.id()).outcome()).isEqualTo(Outcome.SOFT_DELETED_NOW);
        assertThat(impacts.get(a.id()).purgeAt()).isEqualTo(NOW.plus(Duration.ofDays(14)));
        assertThat(impacts.get(reading.id()).outcome()).isEqualTo(Outcome.SOFT_DELETED_NOW);
        assertThat(impacts.get(reading.id()).date()).isEqualTo(leaseEnd);
        assertThat(impacts.get(gone.id()).outcome()).isEqualTo(Outcome.STAYS_SOFT_DELETED);
        assertThat(impacts.get(gone.id()).purgeAt()).isEqualTo(gone.deletedAt().plus(Duration.ofDays(14)));
        assertThat(impacts.get(gone.id()).changed()).isFalse();
        assertThat(plan.holdsToPlace()).isEmpty();
    }

    @Test
    void underAnImmutableVaultDeleteDataIsBlockedForUnexpiredPointsUntilTheirExpiry() {
        PointSnapshot unexpired = live(3, 30);
        PointSnapshot expired = live(10, 2);
        ImpactPlan plan = ImpactPlanner.plan(NOW, 1, IMMUTABLE, List.of(unexpired, expired),
                new ImpactCommand.Stop(StopMode.DELETE_DATA));

        Map<UUID, PointImpact> impacts = byId(plan);
        assertThat(impacts.get(unexpired.id()).outcome()).isEqualTo(Outcome.BLOCKED_BY_IMMUTABILITY);
        assertThat(impacts.get(unexpired.id()).date()).isEqualTo(unexpired.expiresAt());
        assertThat(impacts.get(expired.id()).outcome()).isEqualTo(Outcome.SOFT_DELETED_NOW);
    }

    @Test
    void aPolicyChangeChangesNothingForExistingPoints() {
        PointSnapshot a = live(3, 30);
        PointSnapshot b = live(10, 2);
        PointSnapshot c = live(1, 7);
        ImpactPlan plan = ImpactPlanner.plan(NOW, 1, OPEN, List.of(a, b, c),
                new ImpactCommand.PolicyChange("change-policy"));

        assertThat(plan.points()).noneMatch(PointImpact::changed);
        assertThat(plan.holdsToPlace()).isEmpty();
        assertThat(byId(plan).get(a.id()).outcome()).isEqualTo(Outcome.KEPT);
    }

    @Test
    void unpinUnderAnImmutableVaultIsReportedAsRefusedAndChangesNothing() {
        HoldFacts pin = new HoldFacts(HoldKind.PIN, "user", null);
        PointSnapshot pinned = live(10, 2, pin);
        PointSnapshot newest = live(1, 30);

        ImpactPlan open = ImpactPlanner.plan(NOW, 1, OPEN, List.of(pinned, newest), new ImpactCommand.Unpin(pinned.id()));
        assertThat(open.refusal()).isNull();
        assertThat(byId(open).get(pinned.id()).outcome()).isEqualTo(Outcome.DELETED_AT_FIRST_SWEEP_AFTER);

        ImpactPlan locked = ImpactPlanner.plan(NOW, 1, IMMUTABLE, List.of(pinned, newest),
                new ImpactCommand.Unpin(pinned.id()));
        assertThat(locked.refusal()).contains("cannot be removed");
        assertThat(byId(locked).get(pinned.id()).outcome()).isEqualTo(Outcome.BLOCKED_BY_IMMUTABILITY);
        assertThat(byId(locked).get(pinned.id()).changed()).isFalse();
    }

    @Test
    void undeleteBringsThePointBackPinnedAndItNoLongerPurges() {
        PointSnapshot gone = deleted(20, 5, "EXPIRED");
        PointSnapshot newest = live(1, 30);
        ImpactPlan plan = ImpactPlanner.plan(NOW, 1, OPEN, List.of(gone, newest),
                new ImpactCommand.UndeletePoint(gone.id()));

        PointImpact back = byId(plan).get(gone.id());
        assertThat(back.outcome()).isEqualTo(Outcome.KEPT);
        assertThat(back.deletableFrom()).isNull();
        assertThat(back.purgeAt()).isNull();
        assertThat(back.changed()).isTrue();
        assertThat(back.summary()).startsWith("live again").contains("PIN (undelete)");
    }

    @Test
    void undeletingAnInstanceBringsBackOnlyThePointsItsDeletionTookHeldRetainForever() {
        PointSnapshot byDeletion = deleted(3, 1, "INSTANCE_DELETED");
        PointSnapshot bySweep = deleted(20, 5, "EXPIRED");
        ImpactPlan plan = ImpactPlanner.plan(NOW, 1, OPEN, List.of(byDeletion, bySweep),
                new ImpactCommand.UndeleteInstance());

        assertThat(byId(plan).get(byDeletion.id()).outcome()).isEqualTo(Outcome.KEPT);
        assertThat(byId(plan).get(byDeletion.id()).deletableFrom()).isNull();
        assertThat(byId(plan).get(byDeletion.id()).summary()).contains("RETAIN_FOREVER");
        assertThat(byId(plan).get(bySweep.id()).outcome()).isEqualTo(Outcome.STAYS_SOFT_DELETED);
    }

    @Test
    void aLowerFloorLetsExpiredPointsGoAndAShorterGraceBringsPurgesForward() {
        PointSnapshot older = live(10, 2);
        PointSnapshot newer = live(5, 2);
        PointSnapshot gone = deleted(20, 5, "EXPIRED");
        ImpactPlan plan = ImpactPlanner.plan(NOW, 2, OPEN, List.of(older, newer, gone),
                new ImpactCommand.VaultChange(Duration.ofDays(7), 1));

        Map<UUID, PointImpact> impacts = byId(plan);
        assertThat(plan.floor()).isEqualTo(1);
        assertThat(plan.gracePeriod()).isEqualTo("P7D");
        assertThat(impacts.get(older.id()).outcome()).isEqualTo(Outcome.DELETED_AT_FIRST_SWEEP_AFTER);
        assertThat(impacts.get(older.id()).changed()).isTrue();
        assertThat(impacts.get(newer.id()).outcome()).isEqualTo(Outcome.KEPT);
        assertThat(impacts.get(gone.id()).purgeAt()).isEqualTo(gone.deletedAt().plus(Duration.ofDays(7)));
        assertThat(impacts.get(gone.id()).changed()).isTrue();
    }

    @Test
    void anImmutableVaultNeverShortensTheGracePeriod() {
        assertThat(ImpactPlanner.effectiveGrace(IMMUTABLE, Duration.ofDays(7))).isEqualTo(Duration.ofDays(14));
        assertThat(ImpactPlanner.effectiveGrace(IMMUTABLE, Duration.ofDays(30))).isEqualTo(Duration.ofDays(30));
        assertThat(ImpactPlanner.effectiveGrace(OPEN, Duration.ofDays(7))).isEqualTo(Duration.ofDays(7));
    }
}
