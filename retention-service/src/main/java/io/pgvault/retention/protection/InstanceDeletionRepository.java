package io.pgvault.retention.protection;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The instance deletions' queries; methods join the caller's session when there is one. */
@ApplicationScoped
@WithSession
public class InstanceDeletionRepository implements PanacheRepositoryBase<InstanceDeletion, UUID> {

    /** Instances whose deletion still waits for restore holds. */
    public Uni<List<UUID>> pending() {
        return list("purgedAt is null").map(l -> l.stream().map(d -> d.instanceId).toList());
    }
}
