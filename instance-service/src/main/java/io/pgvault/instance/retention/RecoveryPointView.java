package io.pgvault.instance.retention;

import java.time.Instant;
import java.util.List;
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
 * @param holds      its holds (only their kind is read); null from an older answer
 */
public record RecoveryPointView(UUID id, UUID instanceId, Instant createdAt, Instant expiresAt, String state,
        List<HoldView> holds) {

    public static final String LIVE = "LIVE";
    public static final String DELETED = "DELETED";

    /** A hold's kind: PIN, RESTORE, RETAIN_FOREVER, … */
    public record HoldView(String kind) {
    }

    public RecoveryPointView(UUID id, UUID instanceId, Instant createdAt, Instant expiresAt, String state) {
        this(id, instanceId, createdAt, expiresAt, state, List.of());
    }

    /** Whether a pin holds it. */
    public boolean pinned() {
        return holds != null && holds.stream().anyMatch(h -> "PIN".equals(h.kind()));
    }
}
