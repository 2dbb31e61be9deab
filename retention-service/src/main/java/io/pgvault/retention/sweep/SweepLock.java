package io.pgvault.retention.sweep;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * One sweep at a time across every replica of retention-service: a PostgreSQL session-level advisory lock
 * taken with {@code pg_try_advisory_lock} on the session the sweep runs in, released when the run ends,
 * whatever its outcome (and by PostgreSQL itself when the connection dies, so a killed replica never
 * leaves it held). A replica that does not get it skips its run; the next interval tries again. The
 * batches already claim their rows with {@code FOR UPDATE SKIP LOCKED}; the lock keeps the steps between
 * them (draining an instance's deletion, purging files) from running twice at once.
 */
@ApplicationScoped
public class SweepLock {

    /** The advisory lock's key: a fixed constant, the same in every version (replicas of two versions exclude each other). */
    static final long KEY = 0x1f3b5e7a2c4d6e80L;

    /** Runs {@code work} holding the lock; answers null without running it when another sweep holds it. */
    public <T> Uni<T> exclusively(Supplier<Uni<T>> work) {
        return Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("select pg_try_advisory_lock(:key)", Boolean.class)
                        .setParameter("key", KEY).getSingleResult())
                .chain(locked -> Boolean.TRUE.equals(locked)
                        ? work.get().eventually(() -> Panache.getSession().chain(session -> session
                                .createNativeQuery("select pg_advisory_unlock(:key)", Boolean.class)
                                .setParameter("key", KEY).getSingleResult()))
                        : Uni.createFrom().nullItem()));
    }
}
