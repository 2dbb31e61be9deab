package io.pgvault.contracts.instance;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.Immutability;
import java.time.Instant;
import java.util.UUID;

/**
 * The vault-wide settings changed (instance-service owns them; retention-service applies them to its
 * points). Carries the whole new state, so the last message read is the state; a consumer never lowers a
 * LOCKED vault nor shortens the grace period of an ENABLED or LOCKED one, whatever a message says.
 *
 * @param eventId               unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId            {@link #VAULT}: the settings are vault-wide; the Kafka key
 * @param occurredAt            when the change was made (approved, under multi-user authorization)
 * @param immutability          the vault's immutability
 * @param minRetention          under LOCKED, the shortest retention a policy may keep (ISO-8601), or null
 * @param maxRetention          under LOCKED, the longest retention a policy may keep (ISO-8601), or null
 * @param softDeleteGracePeriod how long a deleted point (or instance) can be undeleted (ISO-8601, 14–180 days)
 * @param multiUserAuthorization whether protected operations wait for a second person's approval
 * @param floor                 how many newest live points of each instance are never deleted by expiry (at least 1);
 *                              null from a producer that predates it: the consumer keeps its own
 * @param changedBy             who asked for the change
 * @param approvedBy            who approved it (multi-user authorization), or null
 */
public record VaultSettingsChanged(UUID eventId, UUID instanceId, Instant occurredAt, Immutability immutability,
        String minRetention, String maxRetention, String softDeleteGracePeriod, boolean multiUserAuthorization,
        Integer floor, String changedBy, String approvedBy) implements Event {

    /** The key of vault-wide messages: not an instance. */
    public static final UUID VAULT = new UUID(0L, 0L);
}
