package io.pgvault.contracts.common;

/**
 * Where a recovery point's manifest is, when it is too large to travel in a message (e.g. a server with
 * thousands of databases): the consumer reads it from the store, by the point's instance and id, and
 * accepts it only if its bytes have this digest.
 *
 * @param location the manifest's key in the store, {@code {instanceId}/{recoveryPointId}/manifest.json}
 *                 (informational: readers resolve it from the ids, never from this text)
 * @param sha256   lowercase hex SHA-256 of the stored manifest's bytes
 * @param bytes    its size in bytes
 */
public record ManifestRef(String location, String sha256, long bytes) {
}
