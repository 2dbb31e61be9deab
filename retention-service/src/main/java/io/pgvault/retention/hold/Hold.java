package io.pgvault.retention.hold;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Something that keeps a recovery point beyond its expiry. */
@Entity
@Table(name = "hold")
public class Hold extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "recovery_point_id")
    public UUID recoveryPointId;

    @Column(name = "instance_id")
    public UUID instanceId;

    @Enumerated(EnumType.STRING)
    public HoldKind kind;

    public String owner;

    /** Who placed it: a token's subject (a user for a pin, a service for a restore hold) or a command's actor. */
    @Column(name = "created_by")
    public String createdBy;

    /** For a restore hold, the user who asked for the restore; {@code null} otherwise or when unknown. */
    @Column(name = "on_behalf_of")
    public String onBehalfOf;

    @Column(name = "created_at")
    public Instant createdAt;

    /** End of the lease; {@code null} = until removed. */
    @Column(name = "lease_expires_at")
    public Instant leaseExpiresAt;

    /** Length of the lease a renewal grants; {@code null} for holds without a lease. */
    @Column(name = "lease_seconds")
    public Integer leaseSeconds;

    public boolean activeAt(Instant at) {
        return leaseExpiresAt == null || leaseExpiresAt.isAfter(at);
    }
}
