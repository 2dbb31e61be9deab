package io.pgvault.job.client;

import java.time.Instant;
import java.util.UUID;

/**
 * retention-service's answer to a hold.
 *
 * @param id              hold id
 * @param recoveryPointId the point held
 * @param kind            RESTORE
 * @param owner           the job id
 * @param leaseExpiresAt  when it lapses
 */
record HoldResponse(UUID id, UUID recoveryPointId, String kind, String owner, Instant leaseExpiresAt) {
}
