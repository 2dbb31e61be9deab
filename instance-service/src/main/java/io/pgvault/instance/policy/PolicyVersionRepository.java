package io.pgvault.instance.policy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Every version of every policy, as it was written. */
@ApplicationScoped
@WithSession
public class PolicyVersionRepository implements PanacheRepositoryBase<BackupPolicyVersion, BackupPolicyVersion.Key> {

    /** The versions of a policy, oldest first. */
    public Uni<List<BackupPolicyVersion>> of(UUID policyId) {
        return list("key.policyId = ?1 order by key.version", policyId);
    }
}
