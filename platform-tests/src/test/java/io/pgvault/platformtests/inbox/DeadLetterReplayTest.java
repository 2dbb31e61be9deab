package io.pgvault.platformtests.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.CloudEventHeaders;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.contracts.retention.RecoveryPointDeleted;
import io.pgvault.platform.messaging.DeadLetters;
import io.pgvault.platform.messaging.DeadLetters.DeadLetter;
import io.pgvault.platform.messaging.DeadLetters.Replay;
import io.pgvault.platformtests.app.HandlerFaults;
import io.pgvault.platformtests.app.TestDatabase;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** Dead letters are listed with their reason and replayed to their topic, where the inbox makes a replay idempotent. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = TestDatabase.NAME))
class DeadLetterReplayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ObjectMapper mapper;

    @Inject
    HandlerFaults faults;

    @Inject
    DeadLetters deadLetters;

    @Test
    void aDeadLetterReplayedAfterTheFixIsHandledOnceAndASecondReplayChangesNothing() throws Throwable {
        UUID instance = UUID.randomUUID();
        Event event = new RecoveryPointDeleted(UUID.randomUUID(), instance, Instant.now(), UUID.randomUUID(), "EXPIRED", 1);
        faults.planBug(event.eventId(), 1); // the handler fails for it once, as a bug would; then it is mended
        send(event);

        KafkaProbe.await(Topics.dlq(Topics.RETENTION_EVENTS), 1, WAIT, r -> instance.toString().equals(r.key()));
        DeadLetter listed = VertxContextSupport.subscribeAndAwait(() -> deadLetters.list(10_000)).records().stream()
                .filter(d -> instance.toString().equals(d.key())).findFirst().orElseThrow();
        assertThat(listed.id()).isEqualTo(event.eventId().toString());
        assertThat(listed.reason()).contains("planned handler bug");
        assertThat(listed.origin()).startsWith(Topics.RETENTION_EVENTS + "-");
        assertThat(handled(event)).as("not handled: its transaction rolled back").isZero();

        Replay replay = VertxContextSupport.subscribeAndAwait(() -> deadLetters.replay(Set.of(event.eventId().toString())));
        assertThat(replay.ids()).containsExactly(event.eventId().toString());
        await("handled after the replay").atMost(WAIT).until(() -> handled(event) == 1);
        List<ConsumerRecord<String, String>> onSource = KafkaProbe.awaitForInstance(Topics.RETENTION_EVENTS, instance, 2);
        assertThat(onSource).as("replayed with its key and message id").allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(instance.toString());
            assertThat(header(r, CloudEventHeaders.ID)).isEqualTo(event.eventId().toString());
            assertThat(header(r, DeadLetters.REASON)).isNull();
        });

        VertxContextSupport.subscribeAndAwait(() -> deadLetters.replay(Set.of(event.eventId().toString())));
        Event marker = new InstanceDataPurged(UUID.randomUUID(), instance, Instant.now(), 0);
        send(marker); // behind the second replay on the same partition
        await("marker handled").atMost(WAIT).until(() -> handled(marker) == 1);
        assertThat(handled(event)).as("the second replay changed nothing").isEqualTo(1);
        assertThat(KafkaProbe.readAll(Topics.dlq(Topics.RETENTION_EVENTS), instance)).as("dead-lettered once only").hasSize(1);
    }

    private void send(Event event) throws Exception {
        KafkaProbe.send(event, mapper.writeValueAsString(event));
    }

    private static long handled(Event event) {
        return TestDatabase.count("select count(*) from handled_event where event_id = ?", event.eventId());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
