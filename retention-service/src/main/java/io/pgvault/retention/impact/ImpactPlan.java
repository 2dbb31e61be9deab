package io.pgvault.retention.impact;

import io.pgvault.retention.hold.HoldKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What an action does to recovery points, computed by {@link ImpactPlanner} before anything changes: the
 * action applies {@link #holdsToPlace()}, the preview shows {@link #points()}.
 *
 * @param action       the action, as the API calls it
 * @param at           the moment planned for (now)
 * @param floor        the floor after the action
 * @param gracePeriod  the grace period after the action (ISO-8601)
 * @param points       every point of the instance (LIVE or DELETED) with its outcome
 * @param holdsToPlace the holds the action places
 * @param refusal      why the action would be refused as asked (null: it would be taken)
 */
public record ImpactPlan(String action, Instant at, int floor, String gracePeriod, List<PointImpact> points,
        List<PlannedHold> holdsToPlace, String refusal) {

    /** A hold the action places on a point. */
    public record PlannedHold(UUID recoveryPointId, HoldKind kind) {
    }

    /**
     * One point's outcome.
     *
     * @param recoveryPointId the point
     * @param instanceId      its instance
     * @param createdAt       when it was taken
     * @param sizeBytes       its size
     * @param stateNow        LIVE or DELETED, before the action
     * @param outcome         what the action does to it
     * @param date            the outcome's date: its (unchanged) expiry for KEPT and GETS_HOLD_LATEST; the expiry
     *                        that passed for DELETED_AT_FIRST_SWEEP_AFTER; the deletion for SOFT_DELETED_NOW; until
     *                        when immutability keeps it for BLOCKED_BY_IMMUTABILITY
     * @param expiresAt       its current expiry (null: none)
     * @param deletableFrom   from when the sweep deletes it if nothing else changes (no new backup, hold or
     *                        renewal); null if nothing ends what keeps it
     * @param purgeAt         when its files are purged, for a point that is (or will be) soft-deleted
     * @param changed         the action changes what happens to it (its outcome or dates differ from doing nothing)
     * @param summary         the above in one sentence
     */
    public record PointImpact(UUID recoveryPointId, UUID instanceId, Instant createdAt, long sizeBytes, String stateNow,
            Outcome outcome, Instant date, Instant expiresAt, Instant deletableFrom, Instant purgeAt, boolean changed,
            String summary) {
    }
}
