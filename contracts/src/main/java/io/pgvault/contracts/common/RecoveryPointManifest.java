package io.pgvault.contracts.common;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a recovery point contains; written last into the store, so a point with a manifest is
 * complete.
 *
 * @param recoveryPointId id of the point
 * @param instanceId      backup instance the point belongs to
 * @param jobId           backup job that created the point
 * @param startedAt       when the dump started
 * @param finishedAt      when the last artifact was stored
 * @param serverVersion   PostgreSQL server version, e.g. {@code 16.4}
 * @param pgDumpVersion   version of the {@code pg_dump} that wrote the point, e.g. {@code 17.2}
 * @param totalBytes      sum of the artifacts' {@code bytes}
 * @param artifacts       the point's files
 * @param policy          the retention rules the point was born with (from its BackupRequested), so the
 *                        catalog can be rebuilt from the store when a JobSucceeded was lost; {@code null} in
 *                        manifests written before it was added (such a point is re-cataloged as kept forever)
 * @param figures         per database, what the dump holds, recorded in the dump's own snapshot: each
 *                        table's row count and content digest, sequence values, large objects, schemas and
 *                        objects; what a verification compares a restore with. {@code null} in manifests
 *                        written before it was added (such a point cannot be verified)
 */
public record RecoveryPointManifest(UUID recoveryPointId, UUID instanceId, UUID jobId, Instant startedAt,
        Instant finishedAt, String serverVersion, String pgDumpVersion, long totalBytes,
        List<ArtifactEntry> artifacts, PolicySnapshot policy, List<DatabaseFigures> figures) {

    public RecoveryPointManifest {
        artifacts = artifacts == null ? null : List.copyOf(artifacts);
        figures = figures == null ? null : List.copyOf(figures);
    }

    /** A manifest without figures (as written before they were added). */
    public RecoveryPointManifest(UUID recoveryPointId, UUID instanceId, UUID jobId, Instant startedAt,
            Instant finishedAt, String serverVersion, String pgDumpVersion, long totalBytes,
            List<ArtifactEntry> artifacts, PolicySnapshot policy) {
        this(recoveryPointId, instanceId, jobId, startedAt, finishedAt, serverVersion, pgDumpVersion, totalBytes,
                artifacts, policy, null);
    }

    /** A manifest without the retention rules (as written before they were added). */
    public RecoveryPointManifest(UUID recoveryPointId, UUID instanceId, UUID jobId, Instant startedAt,
            Instant finishedAt, String serverVersion, String pgDumpVersion, long totalBytes,
            List<ArtifactEntry> artifacts) {
        this(recoveryPointId, instanceId, jobId, startedAt, finishedAt, serverVersion, pgDumpVersion, totalBytes,
                artifacts, null, null);
    }
}
