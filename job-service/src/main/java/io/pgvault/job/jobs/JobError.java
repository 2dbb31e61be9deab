package io.pgvault.job.jobs;

/**
 * Why a job failed, for a human and a machine.
 *
 * @param code           stable cause
 * @param message        what went wrong, specific to this job (no secrets)
 * @param recommendation what the user can do
 */
public record JobError(ErrorCode code, String message, String recommendation) {
}
