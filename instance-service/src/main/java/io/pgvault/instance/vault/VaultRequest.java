package io.pgvault.instance.vault;

import jakarta.validation.constraints.Size;

/**
 * The vault settings a change asks for; a field left out keeps its value.
 *
 * @param immutability           DISABLED, ENABLED or LOCKED (LOCKED is irreversible)
 * @param minRetention           with LOCKED: the shortest retention any policy rule may have (ISO-8601)
 * @param maxRetention           with LOCKED: the longest retention any policy rule may have (ISO-8601)
 * @param softDeleteGracePeriod  days a deleted point or instance can be undeleted, {@code P14D} to {@code P180D}
 * @param multiUserAuthorization whether protected operations wait for a second person
 * @param floor                  the newest live points per instance the sweep never deletes (1 or more); read by
 *                               the preview ({@code ?preview=true}) for now
 */
public record VaultRequest(@Size(max = 20) String immutability, @Size(max = 20) String minRetention,
        @Size(max = 20) String maxRetention, @Size(max = 20) String softDeleteGracePeriod,
        Boolean multiUserAuthorization, Integer floor) {
}
