package io.pgvault.platform.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.EventTypes;
import io.pgvault.platform.json.Json;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * Writes messages into the outbox table. Call it inside the {@code @WithTransaction} of the use
 * case whose state change the message reports: both commit, or neither does.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper mapper;
    private final Clock clock;

    public Outbox(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    public Uni<Void> publish(Event event) {
        OutboxMessage message = toMessage(event);
        return Panache.getSession().chain(session -> session.persist(message));
    }

    /**
     * Writes several messages, published in this order, with one call: a sweep of thousands of points
     * must not build one nested operator per message (synchronous completions would recurse that deep).
     */
    public Uni<Void> publishAll(List<? extends Event> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Object[] messages = events.stream().map(this::toMessage).toArray();
        return Panache.getSession().chain(session -> session.persistAll(messages));
    }

    private OutboxMessage toMessage(Event event) {
        OutboxMessage message = new OutboxMessage();
        message.id = event.eventId();
        message.topic = EventTypes.topicOf(event.getClass());
        message.key = event.instanceId().toString();
        message.type = EventTypes.typeOf(event.getClass());
        message.payload = Json.write(mapper, event);
        message.createdAt = clock.instant();
        return message;
    }
}
