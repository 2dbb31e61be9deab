package io.pgvault.retention.catalog;

import io.pgvault.contracts.common.RetentionTag;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;

/** One recovery point of the catalog. Rows are inserted by native SQL (idempotent on the id). */
@Entity
@Table(name = "recovery_point")
public class RecoveryPoint extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "instance_id")
    public UUID instanceId;

    @Column(name = "job_id")
    public UUID jobId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    @Enumerated(EnumType.STRING)
    public RetentionTag tag;

    /** ISO-8601 duration of the rule that set the birth expiry; "none" if the point has none. */
    public String rule;

    @Column(name = "tag_reason")
    public String tagReason;

    /** Expiry computed at birth; {@code null} = kept forever. Never changes. */
    @Column(name = "birth_expires_at")
    public Instant birthExpiresAt;

    /** Current expiry: the birth expiry, or later if a user extended it. */
    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "policy_id")
    public UUID policyId;

    @Column(name = "policy_name")
    public String policyName;

    @Column(name = "policy_version")
    public Integer policyVersion;

    @Column(name = "time_zone")
    public String timeZone;

    /**
     * The manifest as JSON text, written by the insert; not mapped (the jsonb column is read with
     * {@link RecoveryPointRepository#manifestJson}).
     */
    @Transient
    public String manifest;

    @Column(name = "size_bytes")
    public long sizeBytes;

    @Enumerated(EnumType.STRING)
    public PointState state;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "delete_reason")
    public String deleteReason;

    @Column(name = "purged_at")
    public Instant purgedAt;

    /** Set by the drift check when the point's directory is missing from the store. */
    @Column(name = "files_missing_since")
    public Instant filesMissingSince;
}
