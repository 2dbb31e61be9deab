package io.pgvault.instance.idempotency;

import io.pgvault.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Idempotency-Key handling for POST actions: the first request with a key runs the action and stores its
 * answer in the same transaction; a retry with the key answers the stored answer and runs nothing. Two
 * concurrent requests with one key serialise on the key's row ({@code insert … on conflict do nothing}
 * waits for the other transaction), so the action runs once. A refused action (4xx) rolls back and is not
 * stored: a retry is evaluated again.
 */
@ApplicationScoped
public class IdempotentRequests {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";

    private static final int MAX_KEY_LENGTH = 200;

    private final Clock clock;

    public IdempotentRequests(Clock clock) {
        this.clock = clock;
    }

    /**
     * Runs {@code action} once per key and scope; call inside the use case's transaction.
     *
     * @param scope  what the key applies to, e.g. {@code backup:<instance id>}
     * @param key    the client's Idempotency-Key, or null to run the action unconditionally
     * @param action the use case, answering what the client gets
     */
    public Uni<Answer> once(String scope, String key, Supplier<Uni<Answer>> action) {
        if (key == null) {
            return action.get();
        }
        check(key);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("insert into idempotent_request (scope, key, status, created_at)"
                                + " values (:scope, :key, 0, :at) on conflict do nothing")
                        .setParameter("scope", scope)
                        .setParameter("key", key)
                        .setParameter("at", clock.instant())
                        .executeUpdate()
                        .chain(inserted -> inserted == 1
                                ? action.get().call(answer -> session.createNativeQuery(
                                                "update idempotent_request set status = :status, location = :location,"
                                                        + " body = :body where scope = :scope and key = :key")
                                        .setParameter("status", answer.status())
                                        .setParameter("location", answer.location())
                                        .setParameter("body", answer.body())
                                        .setParameter("scope", scope)
                                        .setParameter("key", key)
                                        .executeUpdate())
                                : stored(scope, key).map(Optional::orElseThrow)));
    }

    /** The stored answer for a key, if a request with it has committed. */
    @WithSession
    public Uni<Optional<Answer>> stored(String scope, String key) {
        if (key == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        check(key);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select status, location, body from idempotent_request where scope = :scope and key = :key",
                                Object[].class)
                        .setParameter("scope", scope)
                        .setParameter("key", key)
                        .getResultList())
                .map(rows -> rows.stream()
                        .findFirst()
                        .map(row -> new Answer(((Number) row[0]).intValue(), (String) row[1], (String) row[2], true)));
    }

    private static void check(String key) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.badField(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
    }
}
