package io.pgvault.retention.vault;

import java.time.Instant;
import java.util.UUID;

/**
 * What immutability looks at in a point's row: its birth as well as its current expiry.
 *
 * @param id             the point
 * @param instanceId     its instance
 * @param createdAt      when it was completed
 * @param rule           the ISO-8601 rule that set its birth expiry ("none": kept forever)
 * @param timeZone       the policy's zone the rule was counted in (null: UTC)
 * @param birthExpiresAt its birth expiry (null: forever)
 * @param expiresAt      its current expiry (null: forever)
 */
public record PointFacts(UUID id, UUID instanceId, Instant createdAt, String rule, String timeZone,
        Instant birthExpiresAt, Instant expiresAt) {
}
