package io.pgvault.job.client;

import java.util.UUID;

/**
 * Body of retention-service's {@code POST /api/v1/recovery-points/{id}/holds}.
 *
 * @param kind         RESTORE
 * @param owner        the restore job's id
 * @param instanceId   the instance the point must belong to
 * @param leaseSeconds how long the hold lasts unless renewed or released
 * @param onBehalfOf   who asked for the restore (the job's requestedBy); retention-service records it
 *                     on the hold beside {@code createdBy}, the service token's subject; {@code null} if unknown
 */
record HoldRequest(String kind, String owner, UUID instanceId, int leaseSeconds, String onBehalfOf) {
}
