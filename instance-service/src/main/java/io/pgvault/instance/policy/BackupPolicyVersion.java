package io.pgvault.instance.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One version of a policy as it was written; never changed afterwards. */
@Entity
@Table(name = "backup_policy_version")
public class BackupPolicyVersion extends PolicyTerms {

    /** Policy id and version. */
    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "policy_id")
        public UUID policyId;

        public int version;

        public Key() {}

        public Key(UUID policyId, int version) {
            this.policyId = policyId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.version == version && Objects.equals(k.policyId, policyId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(policyId, version);
        }
    }

    @EmbeddedId
    public Key key;

    @Column(name = "created_at")
    public Instant createdAt;

    /** A copy of the policy's current version. */
    public static BackupPolicyVersion of(BackupPolicy policy) {
        BackupPolicyVersion v = new BackupPolicyVersion();
        v.key = new Key(policy.id, policy.version);
        v.copyTerms(policy);
        v.createdAt = policy.updatedAt;
        return v;
    }
}
