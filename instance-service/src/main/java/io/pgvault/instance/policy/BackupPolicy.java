package io.pgvault.instance.policy;

import io.pgvault.contracts.common.PolicySnapshot;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The current version of a backup policy. */
@Entity
@Table(name = "backup_policy")
public class BackupPolicy extends PolicyTerms {

    @Id
    public UUID id;

    public String name;

    /** 1 when created, incremented by every update. */
    public int version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The retention rules as they are now, frozen for a message. */
    public PolicySnapshot snapshot() {
        return new PolicySnapshot(id, name, version, timeZone, defaultRetention, taggedRules(), verifySetting());
    }
}
