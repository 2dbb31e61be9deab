package io.pgvault.job.runner;

import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobFailure;
import io.pgvault.job.store.FileSystemRecoveryPointStore;
import io.pgvault.job.store.IntegrityViolationException;
import io.pgvault.job.store.RecoveryPointStore;
import io.pgvault.job.store.RecoveryPointStore.StoredPoint;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * A recovery point opened from the store to be read back (a restore, a verification): its manifest checked against
 * the digest the catalog recorded when the backup wrote it, and every artifact it names one of ours, before any
 * artifact is read.
 */
final class CheckedPoints {

    private CheckedPoints() {}

    static StoredPoint open(RecoveryPointStore store, JobLifecycle lifecycle, UUID instanceId, UUID pointId)
            throws IOException {
        StoredPoint point = store.open(instanceId, pointId)
                .orElseThrow(() -> new JobFailure(ErrorCode.INTERNAL.error("recovery point " + pointId
                        + " is not in the store", "Check that job-service and retention-service share the same store root.")));
        Optional<String> catalogDigest = lifecycle.manifestDigestOf(pointId);
        if (catalogDigest.isPresent() && !catalogDigest.get().equalsIgnoreCase(point.manifestSha256())) {
            throw new IntegrityViolationException(FileSystemRecoveryPointStore.MANIFEST, "the manifest of recovery point "
                    + pointId + " in the store has SHA-256 " + point.manifestSha256()
                    + "; the catalog recorded " + catalogDigest.get() + " when the backup wrote it");
        }
        for (ArtifactEntry artifact : point.manifest().artifacts()) {
            if (!FileSystemRecoveryPointStore.isArtifactName(artifact.name())) {
                throw new JobFailure(ErrorCode.CHECKSUM_MISMATCH.error("the manifest of recovery point "
                        + pointId + " names an invalid file '" + artifact.name() + "'"));
            }
        }
        return point;
    }
}
