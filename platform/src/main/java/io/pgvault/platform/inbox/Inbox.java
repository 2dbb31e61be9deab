package io.pgvault.platform.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.CloudEventHeaders;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.EventTypes;
import io.pgvault.platform.json.Json;
import io.pgvault.platform.messaging.MessageRetry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The idempotent consumer: a message is handled at most once per consumer, in the same
 * transaction that records it as processed. A message that cannot be understood throws
 * {@link UnreadableMessageException}, which the channel's dead-letter strategy routes to the
 * topic's {@code .dlq} at once; it is never silently acknowledged. A transaction that fails for a
 * transient reason (the database restarting, a serialization failure) is retried by
 * {@link MessageRetry} before the record is given up.
 */
@ApplicationScoped
public class Inbox {

    private static final String RECORD_PROCESSED = "insert into processed_message (event_id, consumer, type, processed_at)"
            + " values (:id, :consumer, :type, :at) on conflict do nothing";

    private final ObjectMapper mapper;
    private final Clock clock;
    private final MessageRetry retry;

    public Inbox(ObjectMapper mapper, Clock clock, MessageRetry retry) {
        this.mapper = mapper;
        this.clock = clock;
        this.retry = retry;
    }

    /**
     * Handles {@code record} once for {@code consumer}: parses it, and unless this consumer has
     * processed its event id before, runs {@code handler} in a transaction with the inbox row; a
     * transient failure rolls the transaction back and runs it again, with backoff, within the bound.
     */
    public Uni<Void> once(String consumer, ConsumerRecord<String, String> record, Function<Event, Uni<Void>> handler) {
        Event event = parse(record);
        return retry.handle(consumer, record, () -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(RECORD_PROCESSED)
                        .setParameter("id", event.eventId())
                        .setParameter("consumer", consumer)
                        .setParameter("type", EventTypes.typeOf(event.getClass()))
                        .setParameter("at", clock.instant())
                        .executeUpdate())
                .chain(inserted -> inserted == 1 ? handler.apply(event) : Uni.createFrom().voidItem())));
    }

    /** Reads a record's CloudEvents type header and JSON value into its contract record. */
    public Event parse(ConsumerRecord<String, String> record) {
        Header typeHeader = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (typeHeader == null) {
            throw new UnreadableMessageException("no " + CloudEventHeaders.TYPE + " header", record);
        }
        String type = new String(typeHeader.value(), StandardCharsets.UTF_8);
        Class<? extends Event> eventClass = EventTypes.classOf(type)
                .orElseThrow(() -> new UnreadableMessageException("unknown event type " + type, record));
        if (record.value() == null) {
            throw new UnreadableMessageException("empty value for " + type, record);
        }
        Event event = Json.read(mapper, record.value(), eventClass,
                reason -> new UnreadableMessageException(type + " is not valid: " + reason, record));
        if (event.eventId() == null || event.instanceId() == null) {
            throw new UnreadableMessageException(type + " without eventId or instanceId", record);
        }
        return event;
    }
}
