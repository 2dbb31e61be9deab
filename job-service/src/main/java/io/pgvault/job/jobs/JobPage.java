package io.pgvault.job.jobs;

import java.util.List;

/**
 * One page of the job list, newest first.
 *
 * @param items      the jobs
 * @param nextCursor pass as {@code cursor} for the next page; {@code null} on the last page
 */
public record JobPage(List<JobSummary> items, String nextCursor) {
}
