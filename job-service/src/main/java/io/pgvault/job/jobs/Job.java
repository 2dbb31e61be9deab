package io.pgvault.job.jobs;

import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.Trigger;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A backup or restore job. State changes go through {@link #moveTo}, which enforces {@link JobTransitions}. */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "instance_id")
    public UUID instanceId;

    @Column(name = "instance_name")
    public String instanceName;

    @Enumerated(EnumType.STRING)
    public Operation operation;

    @Enumerated(EnumType.STRING)
    public Trigger trigger;

    @Enumerated(EnumType.STRING)
    public JobStatus status;

    @Column(name = "policy_name")
    public String policyName;

    @Column(name = "policy_version")
    public Integer policyVersion;

    @Column(name = "recovery_point_id")
    public UUID recoveryPointId;

    public String request;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    @Column(name = "bytes_done")
    public long bytesDone;

    @Column(name = "bytes_estimated")
    public Long bytesEstimated;

    @Enumerated(EnumType.STRING)
    @Column(name = "error_code")
    public ErrorCode errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "error_recommendation")
    public String errorRecommendation;

    public String manifest;

    /** VERIFY: the evidence it left ({@code VerificationEvidence} as JSON) once it ended with an outcome. */
    public String verification;

    /** Backup: SHA-256 of the manifest as stored, checked by every restore of the point. */
    @Column(name = "manifest_sha256")
    public String manifestSha256;
    /** The replica running it ({@code pgvault.job.replica-id}), set when it is claimed. */
    public String owner;

    /** Until when its owner holds it; renewed with every heartbeat. Only an expired lease is reaped. */
    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    /** Optimistic locking: a write from a stale read (e.g. a replica that lost the job to the reaper) fails. */
    @Version
    public long version;

    /** Restore into databases: the names it is about to create (JSON array), recorded before each CREATE DATABASE. */
    @Column(name = "target_databases")
    public String targetDatabases;

    /** Reaped, with its staging directory or created databases still to be removed. */
    @Column(name = "debris_pending")
    public boolean debrisPending;

    /** Moves to {@code to}; throws {@link IllegalStateException} if the state machine forbids it. */
    public void moveTo(JobStatus to, Instant now) {
        if (!JobTransitions.allowed(status, to)) {
            throw new IllegalStateException("job " + id + " cannot go from " + status + " to " + to);
        }
        status = to;
        if (to == JobStatus.IN_PROGRESS) {
            startedAt = now;
            heartbeatAt = now;
        } else if (to.isTerminal()) {
            finishedAt = now;
        }
    }

    /** Fails the job with {@code error}. */
    public void fail(JobError error, Instant now) {
        moveTo(error.code() == ErrorCode.CANCELLED ? JobStatus.CANCELLED : JobStatus.FAILED, now);
        errorCode = error.code();
        errorMessage = error.message();
        errorRecommendation = error.recommendation();
    }
}
