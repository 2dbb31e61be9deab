package io.pgvault.platformtests.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.contracts.retention.RecoveryPointDeleted;
import io.pgvault.platform.messaging.MessageRetry;
import io.pgvault.platformtests.app.RetentionEventsProbe;
import io.pgvault.platformtests.app.TestDatabase;
import io.pgvault.platformtests.app.HandlerFaults;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A transient failure while a message is handled is retried before the dead-letter topic: the message
 * ends handled once, nothing is dead-lettered, and the partition waits for it.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = TestDatabase.NAME))
class TransientFailureRetryTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    ObjectMapper mapper;

    @Inject
    HandlerFaults faults;

    @Inject
    MeterRegistry registry;

    @Test
    void aMessageWhoseConnectionIsLostThreeTimesIsHandledOnceAndTheNextOfItsPartitionOnlyAfterIt() throws Exception {
        UUID instance = UUID.randomUUID();
        Event failing = new RecoveryPointDeleted(UUID.randomUUID(), instance, Instant.now(), UUID.randomUUID(), "EXPIRED", 1);
        Event later = new InstanceDataPurged(UUID.randomUUID(), instance, Instant.now(), 0);
        faults.plan(failing.eventId(), 3);
        double retriesBefore = retries();

        send(failing);
        send(later); // same key, so same partition, behind the failing one

        await("both handled").atMost(WAIT).until(() -> handledRows(instance).size() == 2);
        assertThat(handledRows(instance)).as("handled in partition order, each once")
                .containsExactly(failing.eventId(), later.eventId());
        assertThat(retries() - retriesBefore).as("retries counted").isGreaterThanOrEqualTo(3);
        assertThat(TestDatabase.count("select count(*) from processed_message where event_id = ? and consumer = ?",
                failing.eventId(), RetentionEventsProbe.CONSUMER)).isEqualTo(1);
        assertThat(KafkaProbe.readAll(Topics.dlq(Topics.RETENTION_EVENTS), instance)).as("dead-lettered").isEmpty();
    }

    @Test
    void messagesHandledWhilePostgresqlRestartsAreAllHandledOnceAndNoneIsDeadLettered() throws Exception {
        UUID instance = UUID.randomUUID();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(new RecoveryPointDeleted(UUID.randomUUID(), instance, Instant.now(), UUID.randomUUID(), "EXPIRED", i));
        }
        double retriesBefore = retries();
        TestInfra.stopPostgres();
        try {
            for (Event event : events) {
                send(event);
            }
            // the consumer meets the stopped server (connection refused) and retries
            await("a retry while the server is down").atMost(WAIT).until(() -> retries() > retriesBefore);
        } finally {
            TestInfra.startPostgres();
        }

        await("all handled after the restart").atMost(WAIT).until(() -> handledRows(instance).size() >= events.size());
        assertThat(handledRows(instance)).as("each once, in order")
                .containsExactlyElementsOf(events.stream().map(Event::eventId).toList());
        assertThat(KafkaProbe.readAll(Topics.dlq(Topics.RETENTION_EVENTS), instance)).as("dead-lettered").isEmpty();
    }

    private double retries() {
        return registry.find(MessageRetry.RETRIES).tag("consumer", RetentionEventsProbe.CONSUMER).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static List<UUID> handledRows(UUID instance) {
        return TestDatabase.column("select event_id from handled_event where instance_id = ? order by seq", instance)
                .stream().map(UUID.class::cast).toList();
    }

    private void send(Event event) throws Exception {
        KafkaProbe.send(event, mapper.writeValueAsString(event));
    }
}
