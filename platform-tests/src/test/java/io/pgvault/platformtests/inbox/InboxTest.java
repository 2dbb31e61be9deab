package io.pgvault.platformtests.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.contracts.retention.RecoveryPointDeleted;
import io.pgvault.platform.messaging.MessageRetry;
import io.pgvault.platformtests.app.RetentionEventsProbe;
import io.pgvault.platformtests.app.TestDatabase;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** The idempotent consumer on a real topic: a redelivery is handled once, a broken message is dead-lettered. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = TestDatabase.NAME))
class InboxTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DEAD_LETTER_REASON = "dead-letter-reason";

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry registry;

    @Test
    void aSecondDeliveryOfAMessageIsNotHandledAgain() throws Exception {
        UUID instance = UUID.randomUUID();
        Event deleted = new RecoveryPointDeleted(UUID.randomUUID(), instance, Instant.now(), UUID.randomUUID(), "EXPIRED", 2);
        send(deleted);
        send(deleted); // at-least-once delivery: the same message again
        Event marker = new InstanceDataPurged(UUID.randomUUID(), instance, Instant.now(), 0);
        send(marker);

        // one key, one partition: once the marker is handled, both deliveries before it were processed
        awaitHandled(marker);
        assertThat(handled(deleted)).as("handler runs for the delivered-twice message").isEqualTo(1);
        assertThat(TestDatabase.count("select count(*) from processed_message where event_id = ? and consumer = ?",
                deleted.eventId(), RetentionEventsProbe.CONSUMER)).isEqualTo(1);
    }

    @Test
    void unreadableMessagesGoToTheDeadLetterTopicWithTheirReasonAndTheNextMessageIsHandled() throws Exception {
        double retriesBefore = retries();
        UUID instance = UUID.randomUUID();
        String key = instance.toString();
        String deletedType = EventTypes.typeOf(RecoveryPointDeleted.class);
        String valid = mapper.writeValueAsString(
                new RecoveryPointDeleted(UUID.randomUUID(), instance, Instant.now(), UUID.randomUUID(), "EXPIRED", 1));
        KafkaProbe.send(Topics.RETENTION_EVENTS, key, deletedType, UUID.randomUUID().toString(), "{\"eventId\": \"not-a-uuid\",");
        KafkaProbe.send(Topics.RETENTION_EVENTS, key, "io.pgvault.NoSuchEvent", UUID.randomUUID().toString(), valid);
        KafkaProbe.send(Topics.RETENTION_EVENTS, key, null, UUID.randomUUID().toString(), valid);
        KafkaProbe.send(Topics.RETENTION_EVENTS, key, deletedType, UUID.randomUUID().toString(), "{\"reason\": \"EXPIRED\"}");
        Event next = new InstanceDataPurged(UUID.randomUUID(), instance, Instant.now(), 0);
        send(next);

        List<ConsumerRecord<String, String>> dead = KafkaProbe.await(Topics.dlq(Topics.RETENTION_EVENTS), 4, WAIT,
                r -> key.equals(r.key()));
        assertThat(dead).extracting(ConsumerRecord::value)
                .containsExactly("{\"eventId\": \"not-a-uuid\",", valid, valid, "{\"reason\": \"EXPIRED\"}");
        assertThat(dead).extracting(r -> header(r, DEAD_LETTER_REASON)).satisfiesExactly(
                reason -> assertThat(reason).startsWith(deletedType + " is not valid: "),
                reason -> assertThat(reason).startsWith("unknown event type io.pgvault.NoSuchEvent"),
                reason -> assertThat(reason).startsWith("no ce_type header"),
                reason -> assertThat(reason).startsWith(deletedType + " without eventId or instanceId"));

        awaitHandled(next);
        assertThat(TestDatabase.count("select count(*) from handled_event where instance_id = ?", instance))
                .as("handler runs for this instance: the valid message only").isEqualTo(1);
        assertThat(retries()).as("an unreadable message is not retried: it goes to the DLQ at once").isEqualTo(retriesBefore);
    }

    private double retries() {
        return registry.find(MessageRetry.RETRIES).tag("consumer", RetentionEventsProbe.CONSUMER).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private void send(Event event) throws Exception {
        KafkaProbe.send(event, mapper.writeValueAsString(event));
    }

    private static long handled(Event event) {
        return TestDatabase.count("select count(*) from handled_event where event_id = ?", event.eventId());
    }

    private static void awaitHandled(Event event) {
        await("handled " + event).atMost(WAIT).until(() -> handled(event) > 0);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
