package io.pgvault.job.runner;

/** Thrown inside a runner once its job was cancelled; the runner cleans up and stops. */
final class JobCancelled extends RuntimeException {

    JobCancelled() {
        super("cancelled", null, false, false);
    }
}
