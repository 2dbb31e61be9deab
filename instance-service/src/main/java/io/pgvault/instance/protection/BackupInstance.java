package io.pgvault.instance.protection;

import io.pgvault.contracts.common.Datasource;
import io.pgvault.contracts.common.StopMode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A protected PostgreSQL server: how to reach it (never a password), its policy and protection state. */
@Entity
@Table(name = "backup_instance")
public class BackupInstance extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    public String host;

    public int port;

    public String username;

    /** Databases to back up; null means every database that allows connections. */
    @Convert(converter = StringListConverter.class)
    public List<String> databases;

    @Column(name = "ssl_mode")
    public String sslMode;

    @Column(name = "policy_id")
    public UUID policyId;

    @Enumerated(EnumType.STRING)
    public ProtectionState state;

    /** When the scheduler fires the next backup; null while protection is stopped or the schedule ended. */
    @Column(name = "next_due_at")
    public Instant nextDueAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "stop_mode")
    public StopMode stopMode;

    @Column(name = "stop_reason")
    public String stopReason;

    @Column(name = "stop_comments")
    public String stopComments;

    @Column(name = "stopped_at")
    public Instant stoppedAt;

    @Column(name = "last_backup_job_id")
    public UUID lastBackupJobId;

    /** IN_PROGRESS, COMPLETED or FAILED, from job-service's events. */
    @Column(name = "last_backup_status")
    public String lastBackupStatus;

    @Column(name = "last_backup_at")
    public Instant lastBackupAt;

    @Column(name = "last_backup_error")
    public String lastBackupError;

    /** The latest restore verification of one of its points (job-service's VerificationCompleted); null before one. */
    @Column(name = "last_verification_job_id")
    public UUID lastVerificationJobId;

    @Column(name = "last_verification_point_id")
    public UUID lastVerificationPointId;

    /** VERIFIED or FAILED. */
    @Column(name = "last_verification_outcome")
    public String lastVerificationOutcome;

    @Column(name = "last_verification_at")
    public Instant lastVerificationAt;

    /** A FAILED one's first mismatch; null otherwise. */
    @Column(name = "last_verification_message")
    public String lastVerificationMessage;

    /** The backup requested and not yet reported finished; at most one per instance. */
    /** The newest live recovery point, from retention-service's events; null before one (or once it was deleted). */
    @Column(name = "newest_point_id")
    public UUID newestPointId;

    @Column(name = "newest_point_at")
    public Instant newestPointAt;

    /** The last verification the scheduler requested (policy {@code verify.every}), and when. */
    @Column(name = "verify_requested_job_id")
    public UUID verifyRequestedJobId;

    @Column(name = "verify_requested_at")
    public Instant verifyRequestedAt;

    @Column(name = "active_backup_job_id")
    public UUID activeBackupJobId;

    @Column(name = "active_backup_since")
    public Instant activeBackupSince;

    /** Live recovery points, as last reported by retention-service. */
    @Column(name = "recovery_points")
    public int recoveryPoints;

    /** When it was deleted (state SOFT_DELETED, soft-deleted until its data is purged); null otherwise. */
    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "delete_reason")
    public String deleteReason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** How job-service reaches the server. */
    public Datasource datasource() {
        return new Datasource(host, port, username, databases, sslMode);
    }

    /** The backup still queued or running at {@code now}, unless it is older than {@code timeout}. */
    public UUID activeBackup(Instant now, java.time.Duration timeout) {
        if (activeBackupJobId == null || activeBackupSince == null || activeBackupSince.plus(timeout).isBefore(now)) {
            return null;
        }
        return activeBackupJobId;
    }
}
