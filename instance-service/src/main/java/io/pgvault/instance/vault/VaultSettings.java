package io.pgvault.instance.vault;

import io.pgvault.contracts.common.Immutability;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The one row of vault-wide settings (id 1): the source of truth; retention-service applies a copy. */
@Entity
@Table(name = "vault_settings")
public class VaultSettings extends PanacheEntityBase {

    public static final short ID = 1;

    @Id
    public short id;

    @Enumerated(EnumType.STRING)
    public Immutability immutability;

    @Column(name = "min_retention")
    public String minRetention;

    @Column(name = "max_retention")
    public String maxRetention;

    /** ISO-8601 days, 14 to 180. */
    @Column(name = "grace_period")
    public String gracePeriod;

    @Column(name = "multi_user_authorization")
    public boolean multiUserAuthorization;

    /** Newest live points per instance that expiry never deletes; null until set (config's value applies). */
    public Integer floor;

    @Column(name = "locked_at")
    public Instant lockedAt;

    @Column(name = "changed_at")
    public Instant changedAt;

    @Column(name = "changed_by")
    public String changedBy;

    @Column(name = "approved_by")
    public String approvedBy;

    /** The settings as a change request would state them. */
    public VaultRequest asRequest() {
        return new VaultRequest(immutability.name(), minRetention, maxRetention, gracePeriod, multiUserAuthorization, floor);
    }
}
