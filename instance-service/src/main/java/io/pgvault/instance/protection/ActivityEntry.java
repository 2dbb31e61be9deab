package io.pgvault.instance.protection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One action on a backup instance, as the activity log shows it. */
@Entity
@Table(name = "instance_activity")
public class ActivityEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "instance_id")
    public UUID instanceId;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String action;

    public String actor;

    /** Who approved it under multi-user authorization; null otherwise. */
    @Column(name = "approved_by")
    public String approvedBy;

    public String reason;

    public String comments;

    @Enumerated(EnumType.STRING)
    @Column(name = "resulting_state")
    public ProtectionState resultingState;

    @Column(name = "job_id")
    public UUID jobId;

    public String detail;
}
