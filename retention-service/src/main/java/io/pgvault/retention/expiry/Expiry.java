package io.pgvault.retention.expiry;

import io.pgvault.contracts.common.RetentionTag;
import java.time.Instant;

/**
 * What a recovery point is born with.
 *
 * @param tag       the retention class it was given
 * @param rule      the ISO-8601 duration of the rule that decided its expiry, e.g. {@code P12W}
 * @param expiresAt when it becomes eligible for deletion
 * @param reason    why it got this tag, for a human (e.g. "first backup of ISO week 2026-W02 in Europe/Berlin")
 */
public record Expiry(RetentionTag tag, String rule, Instant expiresAt, String reason) {
}
