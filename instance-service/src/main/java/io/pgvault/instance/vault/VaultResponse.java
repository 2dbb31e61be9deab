package io.pgvault.instance.vault;

import io.pgvault.contracts.common.Immutability;
import java.time.Instant;

/**
 * The vault settings.
 *
 * @param immutability           DISABLED, ENABLED or LOCKED
 * @param minRetention           the lock's minimum retention, or null
 * @param maxRetention           the lock's maximum retention, or null
 * @param softDeleteGracePeriod  how long deleted points and instances can be undeleted
 * @param multiUserAuthorization whether protected operations wait for a second person
 * @param floor                  newest live points of each instance that expiry never deletes
 * @param lockedAt               when the vault was locked, or null
 * @param changedAt              last change
 * @param changedBy              who asked for it
 * @param approvedBy             who approved it (multi-user authorization), or null
 */
public record VaultResponse(Immutability immutability, String minRetention, String maxRetention,
        String softDeleteGracePeriod, boolean multiUserAuthorization, Integer floor, Instant lockedAt, Instant changedAt,
        String changedBy, String approvedBy) {

    public static VaultResponse from(VaultSettings s) {
        return new VaultResponse(s.immutability, s.minRetention, s.maxRetention, s.gracePeriod,
                s.multiUserAuthorization, s.floor, s.lockedAt, s.changedAt, s.changedBy, s.approvedBy);
    }
}
