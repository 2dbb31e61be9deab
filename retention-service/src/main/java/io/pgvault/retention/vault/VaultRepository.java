package io.pgvault.retention.vault;

import io.pgvault.contracts.common.Immutability;
import io.pgvault.retention.config.RetentionConfig;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** The vault settings row; methods join the caller's session when there is one. */
@ApplicationScoped
@WithSession
public class VaultRepository implements PanacheRepositoryBase<VaultSettings, Short> {

    private final RetentionConfig config;

    public VaultRepository(RetentionConfig config) {
        this.config = config;
    }

    /** The settings row (the migration inserts it). */
    public Uni<VaultSettings> settings() {
        return findById(VaultSettings.ID);
    }

    /** The vault's state now, unlocked: for reads and explanations. */
    public Uni<VaultState> current() {
        return settings().map(this::state);
    }

    /**
     * The vault's state, the row share-locked until the caller's transaction ends: a deletion decides with it,
     * and a settings change waits until that deletion has committed (it never changes under a running deletion).
     */
    public Uni<VaultState> forDeletion() {
        return getSession().chain(s -> s.createNativeQuery(
                        "select immutability, grace_period, multi_user_authorization, floor from vault_settings where id = 1"
                                + " for share", Object[].class)
                .getSingleResult())
                .map(row -> new VaultState(Immutability.valueOf((String) row[0]), grace((String) row[1]),
                        Boolean.TRUE.equals(row[2]), floor((Number) row[3])));
    }

    public VaultState state(VaultSettings s) {
        return new VaultState(s.immutability, grace(s.gracePeriod), s.multiUserAuthorization, floor(s.floor));
    }

    private int floor(Number n) {
        return n == null ? config.floor() : n.intValue();
    }

    private Duration grace(String text) {
        return text == null ? config.gracePeriod() : Duration.parse(text);
    }
}
