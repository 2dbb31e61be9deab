package io.pgvault.retention.sweep;

import io.pgvault.retention.hold.HoldKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule that lets a recovery point die: it is deletable iff it has expired, no hold on it
 * is active, and it is not among the instance's newest {@code floor} live points. The sweep's
 * query encodes the same rule; this pure form explains a point and is what tests pin down.
 */
public final class SweepRule {

    private SweepRule() {
    }

    /**
     * A hold as the rule sees it.
     *
     * @param kind           why it holds
     * @param owner          who holds it
     * @param leaseExpiresAt end of its lease; {@code null} = until released
     */
    public record HoldFacts(HoldKind kind, String owner, Instant leaseExpiresAt) {

        /** True if the hold still keeps the point at {@code at}. */
        public boolean activeAt(Instant at) {
            return leaseExpiresAt == null || leaseExpiresAt.isAfter(at);
        }
    }

    /**
     * The decision for one live point.
     *
     * @param deletable          the sweep deletes it at {@code at}
     * @param expired            its expiry has passed at {@code at}
     * @param activeHolds        holds that keep it at {@code at}
     * @param inFloor            it is among the instance's newest {@code floor} live points
     * @param earliestDeletionAt when it goes if nothing changes (no new hold, no renewal, no new
     *                           backup); {@code null} if it is kept indefinitely
     * @param reasons            each reason it is kept, or why it goes, for a human
     */
    public record Verdict(boolean deletable, boolean expired, List<HoldFacts> activeHolds, boolean inFloor,
            Instant earliestDeletionAt, List<String> reasons) {
    }

    /**
     * Decides about a live point at {@code at}.
     *
     * @param at              the moment of the (real or previewed) sweep
     * @param expiresAt       the point's current expiry; {@code null} = kept forever
     * @param holds           every hold on the point (inactive ones are ignored)
     * @param newerLivePoints how many live points of the same instance are newer than this one
     * @param floor           how many newest live points the sweep never deletes
     */
    public static Verdict decide(Instant at, Instant expiresAt, List<HoldFacts> holds, int newerLivePoints,
            int floor) {
        boolean expired = expiresAt != null && !expiresAt.isAfter(at);
        List<HoldFacts> active = holds.stream().filter(h -> h.activeAt(at)).toList();
        boolean inFloor = newerLivePoints < floor;
        List<String> reasons = new ArrayList<>();

        if (expiresAt == null) {
            reasons.add("kept forever: it has no expiry");
        } else if (!expired) {
            reasons.add("kept until its expiry " + expiresAt);
        }
        for (HoldFacts hold : active) {
            reasons.add("held by " + hold.kind() + " (" + hold.owner() + ")"
                    + (hold.leaseExpiresAt() == null ? " until released" : " until " + hold.leaseExpiresAt()));
        }
        if (inFloor) {
            reasons.add("one of the newest " + floor + " live point(s) of its instance, which are never swept");
        }
        boolean deletable = expired && active.isEmpty() && !inFloor;
        if (expired && !deletable) {
            reasons.add(0, "expired at " + expiresAt + ", but kept:");
        }
        if (deletable) {
            reasons.add("expired at " + expiresAt + ", no active hold, " + newerLivePoints
                    + " newer live point(s) above the floor of " + floor);
        }

        Instant earliest = null;
        boolean forever = expiresAt == null || inFloor || active.stream().anyMatch(h -> h.leaseExpiresAt() == null);
        if (!forever) {
            earliest = expired ? at : expiresAt;
            for (HoldFacts hold : active) {
                if (hold.leaseExpiresAt().isAfter(earliest)) {
                    earliest = hold.leaseExpiresAt();
                }
            }
        }
        return new Verdict(deletable, expired, active, inFloor, earliest, List.copyOf(reasons));
    }
}
