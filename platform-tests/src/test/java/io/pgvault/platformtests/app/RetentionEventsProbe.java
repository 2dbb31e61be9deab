package io.pgvault.platformtests.app;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.EventTypes;
import io.pgvault.platform.inbox.Inbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A consumer as the services write them: through the inbox; its handler leaves one row per run. */
@ApplicationScoped
public class RetentionEventsProbe {

    public static final String CONSUMER = "platform-tests";

    private static final String RECORD_HANDLED =
            "insert into handled_event (event_id, instance_id, type) values (:id, :instance, :type)";

    private final Inbox inbox;
    private final HandlerFaults faults;

    public RetentionEventsProbe(Inbox inbox, HandlerFaults faults) {
        this.inbox = inbox;
        this.faults = faults;
    }

    @Incoming("retention-events")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.once(CONSUMER, record, this::handle);
    }

    private Uni<Void> handle(Event event) {
        return faults.maybeFail(event.eventId()).chain(Panache::getSession)
                .chain(session -> session.createNativeQuery(RECORD_HANDLED)
                        .setParameter("id", event.eventId())
                        .setParameter("instance", event.instanceId())
                        .setParameter("type", EventTypes.typeOf(event.getClass()))
                        .executeUpdate())
                .replaceWithVoid();
    }
}
