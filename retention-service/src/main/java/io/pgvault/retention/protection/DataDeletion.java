package io.pgvault.retention.protection;

/**
 * The deletion of an instance's data (a stop with DELETE_DATA, or the instance deleted), as other
 * packages may ask about it.
 *
 * @param reason  the delete reason its points get: {@link ProtectionService#PROTECTION_STOPPED} or
 *                {@link ProtectionService#INSTANCE_DELETED}
 * @param pending points of the instance are still being deleted (some wait for restore holds); false
 *                once InstanceDataPurged went out
 */
public record DataDeletion(String reason, boolean pending) {
}
