package io.pgvault.job.jobs;

/** Thrown by a runner to fail its job with a user-facing error. */
public class JobFailure extends RuntimeException {

    private final transient JobError error;

    public JobFailure(JobError error) {
        super(error.code() + ": " + error.message());
        this.error = error;
    }

    public JobError error() {
        return error;
    }
}
