package io.pgvault.retention.impact;

import io.pgvault.contracts.common.StopMode;
import io.pgvault.retention.catalog.PointState;
import io.pgvault.retention.hold.HoldKind;
import io.pgvault.retention.hold.HoldService;
import io.pgvault.retention.impact.ImpactPlan.PlannedHold;
import io.pgvault.retention.impact.ImpactPlan.PointImpact;
import io.pgvault.retention.protection.ProtectionService;
import io.pgvault.retention.sweep.SweepRule;
import io.pgvault.retention.sweep.SweepRule.HoldFacts;
import io.pgvault.retention.vault.ImmutabilityRule;
import io.pgvault.retention.vault.VaultState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The pure plan of an action on recovery points: which holds it places, which points it deletes now, and what
 * the sweep then does to each point, decided by the same rules the action and the sweep use ({@link SweepRule},
 * {@link ImmutabilityRule}, the stop holds of {@link ProtectionService}). The preview returns the plan; the
 * stop applies its holds.
 */
public final class ImpactPlanner {

    /** Newest first, as the catalog orders an instance's points (the floor, the LATEST hold). */
    static final Comparator<PointSnapshot> NEWEST_FIRST = Comparator.comparing(PointSnapshot::createdAt)
            .thenComparing(PointSnapshot::id).reversed();

    private ImpactPlanner() {
    }

    /**
     * Plans {@code command} at {@code now}.
     *
     * @param floor  the floor now
     * @param vault  the vault now
     * @param points the LIVE and DELETED points concerned (of one instance, or of every instance for a vault change)
     */
    public static ImpactPlan plan(Instant now, int floor, VaultState vault, List<PointSnapshot> points,
            ImpactCommand command) {
        int floorAfter = floor;
        Duration graceAfter = vault.gracePeriod();
        if (command instanceof ImpactCommand.VaultChange change) {
            floorAfter = change.floor() == null ? floor : change.floor();
            graceAfter = change.gracePeriod() == null ? vault.gracePeriod() : effectiveGrace(vault, change.gracePeriod());
        }
        String refusal = null;

        // the points' holds and states after the action
        Map<UUID, List<HoldFacts>> holdsAfter = new HashMap<>();
        Map<UUID, PointState> stateAfter = new HashMap<>();
        for (PointSnapshot p : points) {
            holdsAfter.put(p.id(), new ArrayList<>(p.holds()));
            stateAfter.put(p.id(), p.state());
        }
        List<PlannedHold> placed = new ArrayList<>();
        Set<UUID> deletedNow = new HashSet<>();
        Map<UUID, Instant> deletedWhenRestoreEnds = new HashMap<>();
        Set<UUID> blocked = new HashSet<>();
        List<PointSnapshot> live = points.stream().filter(p -> p.state() == PointState.LIVE).sorted(NEWEST_FIRST)
                .toList();

        StopMode stopMode = command instanceof ImpactCommand.Stop stop ? stop.mode() : null;
        if (stopMode == StopMode.RETAIN_FOREVER) {
            live.forEach(p -> {
                placed.add(new PlannedHold(p.id(), HoldKind.RETAIN_FOREVER));
                holdsAfter.get(p.id()).add(stopHold(HoldKind.RETAIN_FOREVER));
            });
        } else if (stopMode == StopMode.RETAIN_AS_PER_POLICY) {
            // ProtectionService holds the instance's newest live point
            if (!live.isEmpty()) {
                placed.add(new PlannedHold(live.get(0).id(), HoldKind.LATEST));
                holdsAfter.get(live.get(0).id()).add(stopHold(HoldKind.LATEST));
            }
        } else if (stopMode == StopMode.DELETE_DATA || command instanceof ImpactCommand.DeleteInstance) {
            deleteAll(now, vault, live, deletedNow, deletedWhenRestoreEnds, blocked);
        } else if (command instanceof ImpactCommand.Resume) {
            holdsAfter.values().forEach(list -> list.removeIf(h -> ProtectionService.STOP_HOLDS.contains(h.kind())));
        } else if (command instanceof ImpactCommand.UndeleteInstance) {
            points.stream()
                    .filter(p -> p.state() == PointState.DELETED
                            && ProtectionService.INSTANCE_DELETED.equals(p.deleteReason()))
                    .forEach(p -> {
                        stateAfter.put(p.id(), PointState.LIVE);
                        holdsAfter.get(p.id()).add(stopHold(HoldKind.RETAIN_FOREVER));
                    });
        } else if (command instanceof ImpactCommand.Unpin unpin) {
            PointSnapshot p = find(points, unpin.pointId());
            refusal = unpinRefusal(vault, p);
            if (refusal != null) {
                blocked.add(p.id());
            } else {
                holdsAfter.get(p.id()).removeIf(h -> h.kind() == HoldKind.PIN);
            }
        } else if (command instanceof ImpactCommand.UndeletePoint undelete) {
            PointSnapshot p = find(points, undelete.pointId());
            stateAfter.put(p.id(), PointState.LIVE);
            holdsAfter.get(p.id()).add(new HoldFacts(HoldKind.PIN, HoldService.UNDELETE, null));
        }
        // a PolicyChange leaves every existing point as it is (a point's expiry is fixed at birth); a VaultChange
        // acts through the floor and the grace period below

        Map<UUID, Integer> newerAfter = newerLive(points, stateAfter);
        Map<UUID, Integer> newerBefore = newerLive(points, Map.of());
        List<PointImpact> impacts = new ArrayList<>(points.size());
        for (PointSnapshot p : points.stream().sorted(NEWEST_FIRST).toList()) {
            Instant baselineFrom = p.state() == PointState.LIVE
                    ? deletableFrom(now, p, p.holds(), newerBefore.get(p.id()), floor, vault) : null;
            Instant baselinePurge = p.state() == PointState.DELETED ? p.deletedAt().plus(vault.gracePeriod()) : null;
            PointImpact impact;
            if (deletedNow.contains(p.id())) {
                Instant purge = now.plus(graceAfter);
                impact = impact(p, Outcome.SOFT_DELETED_NOW, now, now, purge, true,
                        "soft-deleted now; its files are purged at " + purge + " (it can be undeleted until then)");
            } else if (deletedWhenRestoreEnds.containsKey(p.id())) {
                Instant end = deletedWhenRestoreEnds.get(p.id());
                Instant purge = end.plus(graceAfter);
                impact = impact(p, Outcome.SOFT_DELETED_NOW, end, end, purge, true,
                        "a restore is reading it: soft-deleted when the restore releases its hold (its lease ends at "
                                + end + "), its files purged a grace period later, by " + purge);
            } else if (blocked.contains(p.id())) {
                Instant until = ImmutabilityRule.keptUntil(p.facts());
                impact = impact(p, Outcome.BLOCKED_BY_IMMUTABILITY, until, baselineFrom, baselinePurge,
                        !(command instanceof ImpactCommand.Unpin),
                        "blocked by immutability (" + vault.describe() + "): kept "
                                + (until == null ? "forever" : "until " + until)
                                + (command instanceof ImpactCommand.Unpin ? ", and its pin stays"
                                : "; the first sweep after that deletes it"));
            } else if (stateAfter.get(p.id()) == PointState.DELETED) {
                Instant purge = p.deletedAt().plus(graceAfter);
                impact = impact(p, Outcome.STAYS_SOFT_DELETED, p.deletedAt(), null, purge, !purge.equals(baselinePurge),
                        "soft-deleted at " + p.deletedAt() + " (" + p.deleteReason() + "); its files are purged at "
                        + purge);
            } else {
                List<HoldFacts> holds = holdsAfter.get(p.id());
                int newer = newerAfter.get(p.id());
                Instant from = deletableFrom(now, p, holds, newer, floorAfter, vault);
                boolean changed = p.state() != PointState.LIVE || !java.util.Objects.equals(from, baselineFrom);
                boolean gotLatest = placed.contains(new PlannedHold(p.id(), HoldKind.LATEST));
                SweepRule.Verdict verdict = SweepRule.decide(now, p.expiresAt(), holds, newer, floorAfter);
                if (gotLatest) {
                    impact = impact(p, Outcome.GETS_HOLD_LATEST, p.expiresAt(), from, null, true,
                            "gets hold LATEST: the newest point, kept until protection is resumed, whatever its expiry "
                                    + expiry(p));
                } else if (from != null && !from.isAfter(now)) {
                    impact = impact(p, Outcome.DELETED_AT_FIRST_SWEEP_AFTER, p.expiresAt(), from,
                            null, changed, "deleted at the first sweep after " + p.expiresAt()
                                    + ": its original retention has passed and nothing keeps it any more");
                } else {
                    String why = from != null ? "the first sweep after " + from + " deletes it"
                            : "kept after that while " + String.join("; ", keptBy(verdict));
                    impact = impact(p, Outcome.KEPT, p.expiresAt(), from, null, changed,
                            (p.state() == PointState.LIVE ? "" : "live again; ") + "kept, expiry unchanged ("
                                    + expiry(p) + "); " + why);
                }
            }
            impacts.add(impact);
        }
        return new ImpactPlan(command.label(), now, floorAfter, iso(graceAfter), List.copyOf(impacts),
                List.copyOf(placed), refusal);
    }

    /**
     * The grace period a vault change leaves: an immutable vault (ENABLED or LOCKED) never shortens it, whatever
     * is asked (the rule {@code VaultService} applies).
     */
    public static Duration effectiveGrace(VaultState vault, Duration requested) {
        return vault.immutability().protectsPoints() && requested.compareTo(vault.gracePeriod()) < 0
                ? vault.gracePeriod() : requested;
    }

    /** Why unpin refuses to remove a live point's pin (null: it does not): an immutable vault keeps its pins. */
    public static String unpinRefusal(VaultState vault, PointSnapshot p) {
        if (p.state() == PointState.LIVE && p.has(HoldKind.PIN) && vault.immutability().protectsPoints()) {
            return "recovery point " + p.id() + " is pinned and " + vault.describe() + " (immutability "
                    + vault.immutability() + "): its pin cannot be removed";
        }
        return null;
    }

    /**
     * From when the sweep deletes a live point: the sweep rule's earliest deletion, and under an immutable vault
     * not before immutability lets it go; null if it is kept with no end.
     */
    static Instant deletableFrom(Instant now, PointSnapshot p, List<HoldFacts> holds, int newer, int floor,
            VaultState vault) {
        Instant earliest = SweepRule.decide(now, p.expiresAt(), holds, newer, floor).earliestDeletionAt();
        if (earliest == null || !vault.immutability().protectsPoints()) {
            return earliest;
        }
        Instant kept = ImmutabilityRule.keptUntil(p.facts());
        return kept == null ? null : kept.isAfter(earliest) ? kept : earliest;
    }

    /**
     * A stop with DELETE_DATA or the instance's deletion ({@code InstanceDeletions}): every live point goes now,
     * except one a restore is reading (it goes when the restore's hold ends) and one immutability keeps.
     */
    private static void deleteAll(Instant now, VaultState vault, List<PointSnapshot> live, Set<UUID> deletedNow,
            Map<UUID, Instant> whenRestoreEnds, Set<UUID> blocked) {
        for (PointSnapshot p : live) {
            if (!ImmutabilityRule.allowsDeletion(vault.immutability(), p.facts(), now)) {
                blocked.add(p.id());
                continue;
            }
            Instant restoreEnd = p.holds().stream()
                    .filter(h -> h.kind() == HoldKind.RESTORE && h.activeAt(now))
                    .map(h -> h.leaseExpiresAt() == null ? Instant.MAX : h.leaseExpiresAt())
                    .max(Comparator.naturalOrder()).orElse(null);
            if (restoreEnd != null) {
                whenRestoreEnds.put(p.id(), restoreEnd);
            } else {
                deletedNow.add(p.id());
            }
        }
    }

    /** Per point, how many points of its instance are newer and live (in {@code stateAfter}, else as they are). */
    private static Map<UUID, Integer> newerLive(List<PointSnapshot> points, Map<UUID, PointState> stateAfter) {
        Map<UUID, List<PointSnapshot>> byInstance = new LinkedHashMap<>();
        points.stream().sorted(NEWEST_FIRST)
                .forEach(p -> byInstance.computeIfAbsent(p.facts().instanceId(), k -> new ArrayList<>()).add(p));
        Map<UUID, Integer> newer = new HashMap<>();
        byInstance.values().forEach(list -> {
            int count = 0;
            for (PointSnapshot p : list) {
                newer.put(p.id(), count);
                if (stateAfter.getOrDefault(p.id(), p.state()) == PointState.LIVE) {
                    count++;
                }
            }
        });
        return newer;
    }

    private static List<String> keptBy(SweepRule.Verdict verdict) {
        List<String> kept = new ArrayList<>();
        verdict.activeHolds().forEach(h -> kept.add("held by " + h.kind() + " (" + h.owner() + ")"
                + (h.leaseExpiresAt() == null ? " until released" : " until " + h.leaseExpiresAt())));
        if (verdict.inFloor()) {
            kept.add("one of the newest live points its instance keeps (the floor)");
        }
        if (kept.isEmpty()) {
            kept.add("it has no expiry");
        }
        return kept;
    }

    /** P14D rather than PT336H: a grace period is set in days. */
    static String iso(Duration d) {
        return !d.isNegative() && d.toSeconds() % 86_400 == 0 && d.toNanosPart() == 0 ? "P" + d.toDays() + "D"
                : d.toString();
    }

    private static String expiry(PointSnapshot p) {
        return p.expiresAt() == null ? "it has none" : p.expiresAt().toString();
    }

    private static HoldFacts stopHold(HoldKind kind) {
        return new HoldFacts(kind, ProtectionService.STOP_HOLD_OWNER, null);
    }

    private static PointSnapshot find(List<PointSnapshot> points, UUID id) {
        return points.stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no point " + id + " among those planned"));
    }

    private static PointImpact impact(PointSnapshot p, Outcome outcome, Instant date, Instant deletableFrom,
            Instant purgeAt, boolean changed, String summary) {
        return new PointImpact(p.id(), p.facts().instanceId(), p.createdAt(), p.sizeBytes(), p.state().name(), outcome,
                date, p.expiresAt(), deletableFrom, purgeAt, changed, summary);
    }
}
