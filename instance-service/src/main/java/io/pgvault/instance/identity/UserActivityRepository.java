package io.pgvault.instance.identity;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The user activity log: written in the caller's transaction, read newest first. */
@ApplicationScoped
public class UserActivityRepository implements PanacheRepositoryBase<UserActivity, Long> {

    private final Clock clock;

    public UserActivityRepository(Clock clock) {
        this.clock = clock;
    }

    /** Records a change to {@code user} by {@code actor}, in the caller's transaction. */
    public Uni<Void> record(String action, String actor, User user, String detail) {
        UserActivity entry = new UserActivity();
        entry.occurredAt = clock.instant();
        entry.action = action;
        entry.actor = actor;
        entry.userId = user.id;
        entry.username = user.username;
        entry.detail = detail;
        return persist(entry).replaceWithVoid();
    }

    /** The newest {@code limit} entries, of one user when {@code userId} is given. */
    @WithSession
    public Uni<List<UserActivity>> newest(UUID userId, int limit) {
        var query = userId == null ? find("order by id desc") : find("userId = ?1 order by id desc", userId);
        return query.page(0, limit).list();
    }
}
