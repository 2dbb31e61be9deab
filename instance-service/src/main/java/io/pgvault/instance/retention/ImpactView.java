package io.pgvault.instance.retention;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * retention-service's impact preview: what an action would do to each recovery point, computed by the plan the
 * action itself applies there. Outcomes: KEPT, GETS_HOLD_LATEST, SOFT_DELETED_NOW, DELETED_AT_FIRST_SWEEP_AFTER,
 * BLOCKED_BY_IMMUTABILITY, STAYS_SOFT_DELETED.
 *
 * @param action       the action
 * @param instanceId   the instance (null for a vault change)
 * @param at           the moment previewed
 * @param floor        the floor after the action
 * @param gracePeriod  the grace period after the action
 * @param immutability the vault's immutability
 * @param refusal      why retention-service would refuse the action as asked (null: it would not)
 * @param totals       per outcome: count, bytes, summary
 * @param points       each point with its outcome, its date and a summary
 * @param truncated    more points are concerned than listed
 * @param assumptions  what the dates take for granted
 */
public record ImpactView(String action, UUID instanceId, Instant at, int floor, String gracePeriod,
        String immutability, String refusal, List<Total> totals, List<Point> points, boolean truncated,
        String assumptions) {

    /** Points of one outcome. */
    public record Total(String outcome, long count, long bytes, String summary) {
    }

    /** One point's outcome ({@code date}: see the outcome; {@code deletableFrom}: when the sweep takes it). */
    public record Point(UUID recoveryPointId, UUID instanceId, Instant createdAt, long sizeBytes, String stateNow,
            String outcome, Instant date, Instant expiresAt, Instant deletableFrom, Instant purgeAt, boolean changed,
            String summary) {
    }
}
