package io.pgvault.instance.protection;

import io.pgvault.contracts.common.StopMode;
import io.pgvault.instance.policy.BackupPolicy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A backup instance as the API shows it.
 *
 * @param id             the instance
 * @param name           its unique name
 * @param datasource     how the server is reached (never a password)
 * @param state          protection state
 * @param policy         the policy, with its current version
 * @param nextBackupAt   the next scheduled backup; null when none is scheduled
 * @param lastBackup     the last backup job's outcome, from job-service; null before the first
 * @param activeBackupJobId the backup queued or running, if any
 * @param recoveryPoints live recovery points, from retention-service
 * @param stop           why and how protection stopped; null while protected
 * @param createdAt      when it was protected
 * @param updatedAt      last change
 * @param health         OK, or WARNING when the latest restore verification of one of its points FAILED
 * @param lastVerification the latest restore verification of one of its points; null before the first
 * @param warnings       what a change (change-policy) does not do that one might expect: under an immutable vault,
 *                       shorter retention applies to new points only; empty otherwise
 * @param heldByVault    on {@code GET …/{id}} under an ENABLED or LOCKED vault: the points the vault keeps until
 *                       their expiry, as retention-service says now; null otherwise (or when it cannot be asked)
 */
public record InstanceResponse(UUID id, String name, DatasourceView datasource, ProtectionState state,
        PolicyRef policy, Instant nextBackupAt, LastBackup lastBackup, UUID activeBackupJobId, int recoveryPoints,
        StopInfo stop, Instant createdAt, Instant updatedAt, String health, LastVerification lastVerification,
        List<String> warnings, HeldByVault heldByVault) {

    /**
     * What an immutable vault keeps of the instance now.
     *
     * @param immutability ENABLED or LOCKED
     * @param heldPoints   live points kept until their expiry
     * @param keptUntil    the latest of those expiries; null if one is kept forever
     * @param keptForever  one of them has no expiry
     * @param detail       "2 recovery point(s) kept until their expiry, the last 2027-02-22T02:00:00Z; the vault is
     *                     locked"
     */
    public record HeldByVault(String immutability, int heldPoints, Instant keptUntil, boolean keptForever,
            String detail) {}

    /** The server, without credentials. */
    public record DatasourceView(String host, int port, String username, List<String> databases, String sslMode) {}

    /** The policy's id, name and current version. */
    public record PolicyRef(UUID id, String name, int version) {}

    /** The last backup job: IN_PROGRESS, COMPLETED or FAILED, when, and the error of a failure. */
    public record LastBackup(UUID jobId, String status, Instant at, String error) {}

    /** The latest verification: its job, the point, VERIFIED or FAILED, when, and a failure's first mismatch. */
    public record LastVerification(UUID jobId, UUID recoveryPointId, String outcome, Instant at, String message) {}

    /** The stop: mode, reason, comments and time. */
    public record StopInfo(StopMode mode, String reason, String comments, Instant at) {}

    public static InstanceResponse from(BackupInstance i, BackupPolicy policy) {
        return new InstanceResponse(i.id, i.name,
                new DatasourceView(i.host, i.port, i.username, i.databases, i.sslMode),
                i.state,
                policy == null ? new PolicyRef(i.policyId, null, 0) : new PolicyRef(policy.id, policy.name, policy.version),
                i.nextDueAt,
                i.lastBackupJobId == null ? null
                        : new LastBackup(i.lastBackupJobId, i.lastBackupStatus, i.lastBackupAt, i.lastBackupError),
                i.activeBackupJobId,
                i.recoveryPoints,
                i.stopMode == null ? null : new StopInfo(i.stopMode, i.stopReason, i.stopComments, i.stoppedAt),
                i.createdAt, i.updatedAt,
                "FAILED".equals(i.lastVerificationOutcome) ? "WARNING" : "OK",
                i.lastVerificationJobId == null ? null : new LastVerification(i.lastVerificationJobId,
                        i.lastVerificationPointId, i.lastVerificationOutcome, i.lastVerificationAt,
                        i.lastVerificationMessage),
                List.of(), null);
    }

    /** The same answer with {@code more} warnings. */
    public InstanceResponse withWarnings(List<String> more) {
        return more.isEmpty() ? this : new InstanceResponse(id, name, datasource, state, policy, nextBackupAt, lastBackup,
                activeBackupJobId, recoveryPoints, stop, createdAt, updatedAt, health, lastVerification, more,
                heldByVault);
    }

    /** The same answer with what the vault keeps. */
    public InstanceResponse withHeldByVault(HeldByVault held) {
        return new InstanceResponse(id, name, datasource, state, policy, nextBackupAt, lastBackup, activeBackupJobId,
                recoveryPoints, stop, createdAt, updatedAt, health, lastVerification, warnings, held);
    }
}
