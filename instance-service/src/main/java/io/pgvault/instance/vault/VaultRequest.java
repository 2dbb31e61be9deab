package io.pgvault.instance.vault;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * The vault settings a change asks for; a field left out keeps its value.
 *
 * @param immutability           DISABLED, ENABLED or LOCKED (LOCKED is irreversible)
 * @param minRetention           with LOCKED: the shortest retention any policy rule may have (ISO-8601)
 * @param maxRetention           with LOCKED: the longest retention any policy rule may have (ISO-8601)
 * @param softDeleteGracePeriod  days a deleted point or instance can be undeleted, {@code P14D} to {@code P180D}
 * @param multiUserAuthorization whether protected operations wait for a second person
 * @param floor                  how many newest live points of each instance expiry never deletes (at least 1);
 *                               under ENABLED or LOCKED it can only grow
 */
public record VaultRequest(@Size(max = 20) String immutability, @Size(max = 20) String minRetention,
        @Size(max = 20) String maxRetention, @Size(max = 20) String softDeleteGracePeriod,
        Boolean multiUserAuthorization, @Min(1) @Max(1000) Integer floor) {

    /** A request that leaves the floor as it is. */
    public VaultRequest(String immutability, String minRetention, String maxRetention, String softDeleteGracePeriod,
            Boolean multiUserAuthorization) {
        this(immutability, minRetention, maxRetention, softDeleteGracePeriod, multiUserAuthorization, null);
    }
}
