package io.pgvault.retention.sweep;

/**
 * What one sweep run did.
 *
 * @param deleted          points soft-deleted because they expired
 * @param instancesDrained instances whose pending data deletion was advanced
 * @param purged           soft-deleted points whose files were removed
 * @param purgeFailures    points whose files could not be removed (left for the next run)
 */
public record SweepReport(int deleted, int instancesDrained, int purged, int purgeFailures) {
}
