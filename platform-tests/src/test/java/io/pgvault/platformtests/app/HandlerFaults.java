package io.pgvault.platformtests.app;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handler failures on demand. A transient one is real: the handler's own database session is terminated
 * by the server ({@code pg_terminate_backend}, SQLSTATE 57P01), as a restart would do, the given number of
 * times before the handler is let through. A permanent one stands for a bug in the handler, which throws
 * the given number of times.
 */
@ApplicationScoped
public class HandlerFaults {

    private final Map<UUID, AtomicInteger> planned = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> bugs = new ConcurrentHashMap<>();

    /** The next {@code times} handlings of {@code eventId} lose their connection. */
    public void plan(UUID eventId, int times) {
        planned.put(eventId, new AtomicInteger(times));
    }

    /** The next {@code times} handlings of {@code eventId} fail as a bug would (IllegalStateException). */
    public void planBug(UUID eventId, int times) {
        bugs.put(eventId, new AtomicInteger(times));
    }

    /** Terminates this session when a failure is planned for {@code eventId}; else does nothing. */
    Uni<Void> maybeFail(UUID eventId) {
        if (takeOne(bugs, eventId)) {
            return Uni.createFrom().failure(new IllegalStateException("planned handler bug for " + eventId));
        }
        if (!takeOne(planned, eventId)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("select pg_terminate_backend(pg_backend_pid())")
                        .getSingleResult())
                .replaceWithVoid();
    }

    private static boolean takeOne(Map<UUID, AtomicInteger> plans, UUID eventId) {
        AtomicInteger left = plans.get(eventId);
        return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }
}
