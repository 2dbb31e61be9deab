package io.pgvault.retention.recoverypoint;

import java.util.List;

/**
 * One page of an instance's recovery points, newest first.
 *
 * @param items the points
 * @param page  zero-based page index
 * @param size  page size asked for
 * @param total points matching the filter
 */
public record RecoveryPointPage(List<RecoveryPointSummary> items, int page, int size, long total) {
}
