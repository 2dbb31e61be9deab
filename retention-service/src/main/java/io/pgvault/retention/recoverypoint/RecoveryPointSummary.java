package io.pgvault.retention.recoverypoint;

import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.retention.catalog.PointState;
import io.pgvault.retention.catalog.RecoveryPoint;
import java.time.Instant;
import java.util.UUID;

/** A recovery point in a list; {@code GET /api/v1/recovery-points/{id}} has the details. */
public record RecoveryPointSummary(UUID id, UUID instanceId, UUID jobId, Instant createdAt, Instant expiresAt,
        boolean retainedForever, RetentionTag tag, PointState state, long sizeBytes, String policyName,
        Integer policyVersion, Instant deletedAt) {

    public static RecoveryPointSummary from(RecoveryPoint p) {
        return new RecoveryPointSummary(p.id, p.instanceId, p.jobId, p.createdAt, p.expiresAt, p.expiresAt == null,
                p.tag, p.state, p.sizeBytes, p.policyName, p.policyVersion, p.deletedAt);
    }
}
