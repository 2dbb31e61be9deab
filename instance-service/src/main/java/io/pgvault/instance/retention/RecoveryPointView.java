package io.pgvault.instance.retention;

import java.time.Instant;
import java.util.UUID;

/**
 * What instance-service reads of a recovery point from retention-service
 * ({@code GET /api/v1/recovery-points/{id}}, and its service-only twin {@code …/{id}/restore-check}
 * that instance-service calls); other fields of the answer are ignored.
 *
 * @param id         the point
 * @param instanceId the backup instance it belongs to
 * @param createdAt  when it was completed
 * @param expiresAt  when it expires; null = kept forever
 * @param state      LIVE, DELETED or PURGED
 */
public record RecoveryPointView(UUID id, UUID instanceId, Instant createdAt, Instant expiresAt, String state) {

    public static final String LIVE = "LIVE";
}
