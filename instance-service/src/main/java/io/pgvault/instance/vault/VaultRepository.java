package io.pgvault.instance.vault;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** The vault settings row; methods join the caller's session when there is one. */
@ApplicationScoped
@WithSession
public class VaultRepository implements PanacheRepositoryBase<VaultSettings, Short> {

    public Uni<VaultSettings> settings() {
        return findById(VaultSettings.ID);
    }

    /** The row, locked until the caller's transaction ends: changes are made one at a time. */
    public Uni<VaultSettings> lock() {
        return findById(VaultSettings.ID, LockModeType.PESSIMISTIC_WRITE);
    }
}
