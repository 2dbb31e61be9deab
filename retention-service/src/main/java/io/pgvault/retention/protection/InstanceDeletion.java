package io.pgvault.retention.protection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An instance whose points must all go; done when {@code purgedAt} is set. */
@Entity
@Table(name = "instance_deletion")
public class InstanceDeletion extends PanacheEntityBase {

    @Id
    @Column(name = "instance_id")
    public UUID instanceId;

    /** {@link ProtectionService#PROTECTION_STOPPED} or {@link ProtectionService#INSTANCE_DELETED}. */
    public String reason;

    @Column(name = "requested_at")
    public Instant requestedAt;

    /** Points deleted for this request so far. */
    @Column(name = "points_deleted")
    public int pointsDeleted;

    /** When InstanceDataPurged was published; {@code null} while points wait for restore holds. */
    @Column(name = "purged_at")
    public Instant purgedAt;
}
