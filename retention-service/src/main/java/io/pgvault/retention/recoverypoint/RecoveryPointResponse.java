package io.pgvault.retention.recoverypoint;

import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.common.VerificationEvidence;
import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.retention.catalog.PointState;
import io.pgvault.retention.hold.HoldResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A recovery point with its retention.
 *
 * @param expiresAt       current expiry; {@code null} = retained forever
 * @param retainedForever the point has no expiry
 * @param filesMissing    the drift check found its directory missing from the store
 * @param verification    the evidence of its latest restore verification; {@code null} if never verified
 */
public record RecoveryPointResponse(UUID id, UUID instanceId, UUID jobId, Instant createdAt, Instant expiresAt,
        Instant birthExpiresAt, boolean retainedForever, RetentionTag tag, PointState state, long sizeBytes,
        String policyName, Integer policyVersion, List<HoldResponse> holds, List<ArtifactEntry> artifacts,
        RecoveryPointManifest manifest, Instant deletedAt, String deleteReason, boolean filesMissing,
        Explanation explanation, VerificationEvidence verification) {
}
