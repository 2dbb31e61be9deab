package io.pgvault.retention.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where the catalog and the store disagree.
 *
 * @param checkedAt     when the check ran
 * @param orphans       point directories in the store with no catalog entry and no manifest: uploads that
 *                      never completed (removed once older than the grace period)
 * @param uncataloged   point directories with a manifest but no catalog entry (their JobSucceeded was lost):
 *                      never removed; re-cataloged from the manifest on request
 * @param missingFiles  live or soft-deleted points whose directory is gone from the store
 * @param storedPoints  point directories found in the store
 */
public record DriftReport(Instant checkedAt, List<Orphan> orphans, List<Uncataloged> uncataloged,
        List<MissingFiles> missingFiles, int storedPoints) {

    /**
     * A complete point the catalog does not know.
     *
     * @param instanceId      its instance
     * @param recoveryPointId the point
     * @param jobId           the backup job that wrote it, from the manifest
     * @param finishedAt      when the backup finished, from the manifest
     * @param totalBytes      its size, from the manifest
     * @param policyKnown     whether the manifest carries the retention rules it was born with (else it is
     *                        re-cataloged as kept forever)
     * @param problem         why it cannot be re-cataloged (a manifest that cannot be read), else null
     */
    public record Uncataloged(UUID instanceId, UUID recoveryPointId, UUID jobId, Instant finishedAt, Long totalBytes,
            boolean policyKnown, String problem) {
    }

    /**
     * @param instanceId  the instance directory it is in
     * @param directory   the point directory's name
     * @param modifiedAt  its last modification
     * @param removableAt when the sweep removes it (last modification + grace period)
     */
    public record Orphan(UUID instanceId, UUID directory, Instant modifiedAt, Instant removableAt) {
    }

    /**
     * @param recoveryPointId the point
     * @param instanceId      its instance
     * @param state           its catalog state
     */
    public record MissingFiles(UUID recoveryPointId, UUID instanceId, String state) {
    }
}
