package io.pgvault.instance.vault;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/** The vault's activity log. */
@ApplicationScoped
@WithSession
public class VaultActivityRepository implements PanacheRepositoryBase<VaultActivity, Long> {

    private final Clock clock;

    public VaultActivityRepository(Clock clock) {
        this.clock = clock;
    }

    public Uni<Void> record(String action, String actor, String approvedBy, String detail) {
        VaultActivity a = new VaultActivity();
        a.occurredAt = clock.instant();
        a.action = action;
        a.actor = actor;
        a.approvedBy = approvedBy;
        a.detail = detail;
        return persist(a).replaceWithVoid();
    }

    public Uni<List<VaultActivity>> newestFirst() {
        return list("order by id desc");
    }
}
