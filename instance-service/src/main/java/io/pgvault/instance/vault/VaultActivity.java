package io.pgvault.instance.vault;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One step of a vault settings change: requested, approved (changed), rejected, withdrawn, expired. */
@Entity
@Table(name = "vault_activity")
public class VaultActivity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String action;

    public String actor;

    @Column(name = "approved_by")
    public String approvedBy;

    public String detail;
}
