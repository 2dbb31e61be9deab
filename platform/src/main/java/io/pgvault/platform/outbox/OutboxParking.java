package io.pgvault.platform.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The rows the relay parked ({@link OutboxRelay}): listed for an admin, and given back to the relay
 * once the cause is mended (a larger broker limit, a fixed ACL). A retried row starts its count of
 * attempts again; the rows of its key that waited behind it follow it in order.
 */
@ApplicationScoped
public class OutboxParking {

    private static final String RETRY = "update outbox set parked_at = null, attempts = 0"
            + " where parked_at is not null and sent_at is null";

    /**
     * A parked row.
     *
     * @param id           the message's event id (its CloudEvents id)
     * @param seq          its place in the relay order
     * @param topic        the topic it is for
     * @param key          its key (the instance id); later rows of this key wait behind it
     * @param type         its event type
     * @param payloadBytes the size of its JSON value in bytes
     * @param attempts     how many times the broker refused it
     * @param lastError    the broker's last refusal
     * @param createdAt    when its transaction wrote it
     * @param parkedAt     when the relay stopped trying it
     * @param waiting      how many later rows of its key wait behind it
     */
    public record ParkedMessage(UUID id, long seq, String topic, String key, String type, long payloadBytes,
            int attempts, String lastError, Instant createdAt, Instant parkedAt, long waiting) {
    }

    /** Every parked row, in relay order. */
    public Uni<List<ParkedMessage>> parked() {
        return Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select o.id, o.seq, o.topic, o.message_key, o.type, octet_length(o.payload),"
                                        + " o.attempts, o.last_error, o.created_at, o.parked_at,"
                                        + " (select count(*) from outbox w where w.message_key = o.message_key"
                                        + " and w.sent_at is null and w.seq > o.seq)"
                                        + " from outbox o where o.parked_at is not null and o.sent_at is null order by o.seq",
                                Object[].class)
                        .getResultList())
                .map(rows -> rows.stream().map(OutboxParking::toParked).toList()));
    }

    /** Gives one parked row back to the relay; answers false when no such row is parked. */
    public Uni<Boolean> retry(UUID id) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(RETRY + " and id = :id")
                        .setParameter("id", id)
                        .executeUpdate())
                .map(updated -> updated > 0));
    }

    /** Gives every parked row back to the relay; answers how many. */
    public Uni<Integer> retryAll() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(RETRY).executeUpdate()));
    }

    private static ParkedMessage toParked(Object[] r) {
        return new ParkedMessage((UUID) r[0], ((Number) r[1]).longValue(), (String) r[2], (String) r[3], (String) r[4],
                ((Number) r[5]).longValue(), ((Number) r[6]).intValue(), (String) r[7], instant(r[8]), instant(r[9]),
                ((Number) r[10]).longValue());
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        return value == null ? null : Instant.parse(value.toString());
    }
}
