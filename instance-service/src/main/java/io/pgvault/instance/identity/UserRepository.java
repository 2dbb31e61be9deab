package io.pgvault.instance.identity;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Reads of users. */
@ApplicationScoped
@WithSession
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    /** The user of this name (case-insensitive), or null. */
    public Uni<User> findByUsername(String username) {
        return find("lower(username) = lower(?1)", username).firstResult();
    }

    public Uni<List<User>> listByName() {
        return list("order by lower(username), id");
    }

    /** Enabled users holding {@code role} as given (not as included). */
    public Uni<List<User>> enabledWithRole(String role) {
        return list("enabled = true").map(users -> users.stream().filter(u -> u.roles.contains(role)).toList());
    }

    /** How many enabled users other than {@code except} hold {@code role} as given (not as included). */
    public Uni<Long> countEnabledWithRole(String role, UUID except) {
        // Users are few; the role set is one converted column, matched here rather than in a query.
        return list("enabled = true and id <> ?1", except)
                .map(users -> users.stream().filter(u -> u.roles.contains(role)).count());
    }
}
