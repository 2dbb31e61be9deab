package io.pgvault.retention.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where the catalog and the store disagree.
 *
 * @param checkedAt     when the check ran
 * @param orphans       point directories in the store with no catalog entry (removed once older
 *                      than the grace period)
 * @param missingFiles  live or soft-deleted points whose directory is gone from the store
 * @param storedPoints  point directories found in the store
 */
public record DriftReport(Instant checkedAt, List<Orphan> orphans, List<MissingFiles> missingFiles,
        int storedPoints) {

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
