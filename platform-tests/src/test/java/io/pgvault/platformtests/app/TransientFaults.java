package io.pgvault.platformtests.app;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real transient failures on demand: for an event planned here, the handler's own database session is
 * terminated by the server ({@code pg_terminate_backend}, SQLSTATE 57P01), as a restart would do, the
 * given number of times before the handler is let through.
 */
@ApplicationScoped
public class TransientFaults {

    private final Map<UUID, AtomicInteger> planned = new ConcurrentHashMap<>();

    /** The next {@code times} handlings of {@code eventId} lose their connection. */
    public void plan(UUID eventId, int times) {
        planned.put(eventId, new AtomicInteger(times));
    }

    /** Terminates this session when a failure is planned for {@code eventId}; else does nothing. */
    Uni<Void> maybeFail(UUID eventId) {
        AtomicInteger left = planned.get(eventId);
        if (left == null || left.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("select pg_terminate_backend(pg_backend_pid())")
                        .getSingleResult())
                .replaceWithVoid();
    }
}
