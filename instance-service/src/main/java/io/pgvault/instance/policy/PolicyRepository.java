package io.pgvault.instance.policy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads of backup policies. */
@ApplicationScoped
@WithSession
public class PolicyRepository implements PanacheRepositoryBase<BackupPolicy, UUID> {

    public Uni<List<BackupPolicy>> listByName() {
        return list("order by lower(name), id");
    }

    /** The policy with this name (case-insensitive) other than {@code except}, if any. */
    public Uni<BackupPolicy> findByName(String name, UUID except) {
        return find("lower(name) = lower(?1) and id <> ?2", name, except == null ? new UUID(0, 0) : except)
                .firstResult();
    }

    public Uni<Map<UUID, BackupPolicy>> byIds(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return list("id in ?1", ids).map(l -> l.stream().collect(Collectors.toMap(p -> p.id, Function.identity())));
    }
}
