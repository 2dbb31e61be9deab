package io.pgvault.instance.retention;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What retention-service's vault keeps of an instance now ({@code GET /api/v1/backup-instances/{id}/immutability}).
 *
 * @param instanceId   the instance
 * @param immutability the vault's immutability as retention-service applies it
 * @param heldPoints   live points the vault keeps now
 * @param keptUntil    the latest expiry among them (null if none, or one is kept forever)
 * @param keptForever  one of them has no expiry
 * @param heldPointIds the first of them
 */
public record InstanceImmutabilityView(UUID instanceId, String immutability, int heldPoints, Instant keptUntil,
        boolean keptForever, List<UUID> heldPointIds) {
}
