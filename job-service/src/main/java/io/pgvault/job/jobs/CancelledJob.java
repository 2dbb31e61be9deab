package io.pgvault.job.jobs;

import java.util.UUID;

/**
 * A job a user cancelled, fired as a CDI event once the cancel has committed, so that whoever runs the
 * job stops it. The job records know nothing of the processes that run them; the runner observes this.
 *
 * @param id the job's id
 */
public record CancelledJob(UUID id) {
}
