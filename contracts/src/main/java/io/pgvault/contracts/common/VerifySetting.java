package io.pgvault.contracts.common;

/**
 * A policy's restore verification: after which backups job-service queues a VERIFY job of the new point.
 *
 * @param every  {@value #EVERY_BACKUP} (every backup's point), {@value #OFF} (never), or an ISO-8601 duration
 *               such as {@code P7D} (a backup's point when the instance's last verification is older than that)
 * @param target the verification server's name; {@code null}: job-service's configured one
 */
public record VerifySetting(String every, String target) {

    /** Verify every backup's point. */
    public static final String EVERY_BACKUP = "EVERY_BACKUP";
    /** Never verify automatically. */
    public static final String OFF = "OFF";
}
