package io.pgvault.retention.sweep;

import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.retention.hold.HoldKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the sweep would do by {@code at}, if nothing changes until then (no new backup, hold,
 * renewal, pin or extension).
 *
 * @param at          the moment previewed
 * @param instanceId  the instance previewed; {@code null} = all
 * @param floor       newest live points per instance the sweep never deletes
 * @param gracePeriod how long a deleted point keeps its files (ISO-8601)
 * @param deletions   points the sweep would soft-delete, oldest expiry first
 * @param purges      deleted points whose files would be removed
 * @param truncated   more points than listed would go (the list stops at its limit)
 * @param assumptions what the preview takes for granted
 */
public record RetentionPreview(Instant at, UUID instanceId, int floor, String gracePeriod, List<Deletion> deletions,
        List<Purge> purges, boolean truncated, String assumptions) {

    /**
     * @param recoveryPointId the point
     * @param instanceId      its instance
     * @param createdAt       when it was taken
     * @param tag             its retention tag
     * @param rule            the rule's duration
     * @param expiresAt       its current expiry
     * @param lapsingHolds    holds it has now that will have lapsed by {@code at}
     * @param newerLivePoints live points of its instance newer than it (above the floor)
     * @param reasons         why it goes
     */
    public record Deletion(UUID recoveryPointId, UUID instanceId, Instant createdAt, RetentionTag tag, String rule,
            Instant expiresAt, List<LapsingHold> lapsingHolds, long newerLivePoints, List<String> reasons) {
    }

    /**
     * A hold that keeps a point now but not at the previewed time.
     *
     * @param createdBy  who placed it (the token subject or the command's actor)
     * @param onBehalfOf for a restore hold, the user who asked for the restore
     */
    public record LapsingHold(UUID id, HoldKind kind, String owner, Instant leaseExpiresAt, String createdBy,
            String onBehalfOf) {
    }

    /**
     * @param recoveryPointId the point
     * @param instanceId      its instance
     * @param deletedAt       when it was soft-deleted
     * @param deleteReason    why
     * @param purgeAt         when its grace period ends
     */
    public record Purge(UUID recoveryPointId, UUID instanceId, Instant deletedAt, String deleteReason,
            Instant purgeAt) {
    }
}
