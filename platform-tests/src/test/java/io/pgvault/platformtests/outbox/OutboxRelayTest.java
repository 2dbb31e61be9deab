package io.pgvault.platformtests.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.CloudEventHeaders;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.StopMode;
import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.contracts.job.JobStarted;
import io.pgvault.platform.outbox.Outbox;
import io.pgvault.platform.outbox.OutboxRelay;
import io.pgvault.platformtests.app.TestDatabase;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay on a real broker: order, envelope, marking rows sent, and a batch of thousands. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = TestDatabase.NAME))
class OutboxRelayTest {

    private static final Duration RELAY_BOUND = Duration.ofSeconds(120);
    private static final String MAX_MESSAGE_BYTES = "max.message.bytes";

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    ObjectMapper mapper;

    /** Every test starts with nothing pending, so a run's count is this test's rows alone. */
    @BeforeEach
    void relayWhatIsPending() throws Throwable {
        int runs = 0;
        while (relay() > 0) {
            assertThat(++runs).as("relay runs to empty the outbox").isLessThan(20);
        }
        assertThat(TestDatabase.count("select count(*) from outbox where sent_at is null")).as("rows left unsent").isZero();
    }

    @Test
    void rowsGoOutInTheOrderTheirTransactionsWroteThemKeyedByInstanceWithCloudEventsHeaders() throws Throwable {
        UUID instance = UUID.randomUUID();
        List<Event> events = List.of(
                new ProtectionStopped(UUID.randomUUID(), instance, Instant.now(), StopMode.RETAIN_FOREVER, "COST", "first"),
                new ProtectionStopped(UUID.randomUUID(), instance, Instant.now(), StopMode.DELETE_DATA, "COST", "second"),
                new InstanceDeleted(UUID.randomUUID(), instance, Instant.now(), "orders-db", "COST", "third"));
        for (Event event : events) {
            publish(List.of(event)); // one transaction each
        }
        assertThat(unsent(instance)).isEqualTo(3);

        assertThat(relay()).isEqualTo(3);

        List<ConsumerRecord<String, String>> records = KafkaProbe.awaitForInstance(Topics.INSTANCE_COMMANDS, instance, 3);
        assertThat(records).hasSize(3);
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            ConsumerRecord<String, String> record = records.get(i);
            assertThat(record.key()).isEqualTo(instance.toString());
            assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(event.eventId().toString());
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo(EventTypes.typeOf(event.getClass()));
            assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("platform-tests");
            assertThat(header(record, CloudEventHeaders.SPECVERSION)).isEqualTo(CloudEventHeaders.SPEC_VERSION);
            assertThat(header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo(CloudEventHeaders.JSON);
            Timestamp written = (Timestamp) TestDatabase.column("select created_at from outbox where id = ?", event.eventId()).get(0);
            assertThat(Instant.parse(header(record, CloudEventHeaders.TIME))).isEqualTo(written.toInstant());
            assertThat(mapper.readValue(record.value(), event.getClass())).isEqualTo(event);
        }
        assertThat(unsent(instance)).as("rows marked sent once the broker acknowledged them").isZero();
    }

    @Test
    void aRunOfTwoThousandRowsSendsThemAllInOrder() throws Throwable {
        UUID instance = UUID.randomUUID();
        List<Event> events = IntStream.range(0, 2000)
                .mapToObj(i -> (Event) new ProtectionStopped(UUID.randomUUID(), instance, Instant.now(),
                        StopMode.RETAIN_FOREVER, "COST", "row " + i))
                .toList();
        publish(events);

        assertThat(relay()).isEqualTo(2000);

        List<ConsumerRecord<String, String>> records = KafkaProbe.await(Topics.INSTANCE_COMMANDS, 2000,
                Duration.ofSeconds(60), r -> instance.toString().equals(r.key()));
        assertThat(records).extracting(r -> header(r, CloudEventHeaders.ID))
                .containsExactlyElementsOf(events.stream().map(e -> e.eventId().toString()).toList());
        assertThat(unsent(instance)).isZero();
    }

    @Test
    void aRefusedSendStopsTheRunTheRowsFromItOnWaitAndGoOutInOrderLater() throws Throwable {
        UUID instance = UUID.randomUUID();
        Event before = new ProtectionStopped(UUID.randomUUID(), instance, Instant.now(), StopMode.RETAIN_FOREVER, "COST", null);
        Event refused = new JobStarted(UUID.randomUUID(), instance, Instant.now(), UUID.randomUUID(), Operation.BACKUP,
                Trigger.ON_DEMAND);
        Event after = new InstanceDeleted(UUID.randomUUID(), instance, Instant.now(), "orders-db", "COST", null);
        publish(List.of(before, refused, after));

        ConfigResource jobEvents = new ConfigResource(ConfigResource.Type.TOPIC, Topics.JOB_EVENTS);
        try (Admin admin = Admin.create(TestInfra.kafkaAdminConfig())) {
            try {
                refuseWrites(admin, jobEvents, true);
                assertThat(relay()).as("acknowledged before the refusal").isEqualTo(1);
                assertThat(unsentIds(instance)).containsExactly(refused.eventId(), after.eventId());
                assertThat(KafkaProbe.readAll(Topics.INSTANCE_COMMANDS, instance))
                        .extracting(r -> header(r, CloudEventHeaders.ID)).containsExactly(before.eventId().toString());
            } finally {
                refuseWrites(admin, jobEvents, false);
            }
        }

        assertThat(relay()).isEqualTo(2);
        assertThat(KafkaProbe.awaitForInstance(Topics.JOB_EVENTS, instance, 1))
                .extracting(r -> header(r, CloudEventHeaders.ID)).containsExactly(refused.eventId().toString());
        assertThat(KafkaProbe.awaitForInstance(Topics.INSTANCE_COMMANDS, instance, 2))
                .extracting(r -> header(r, CloudEventHeaders.ID))
                .containsExactly(before.eventId().toString(), after.eventId().toString());
        assertThat(unsent(instance)).isZero();
    }

    private void publish(List<Event> events) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.publishAll(events)));
    }

    private int relay() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> relay.relay().ifNoItem().after(RELAY_BOUND).fail());
    }

    private static long unsent(UUID instance) {
        return TestDatabase.count("select count(*) from outbox where message_key = ? and sent_at is null", instance.toString());
    }

    private static List<UUID> unsentIds(UUID instance) {
        List<UUID> ids = new ArrayList<>();
        for (Object id : TestDatabase.column(
                "select id from outbox where message_key = ? and sent_at is null order by seq", instance.toString())) {
            ids.add((UUID) id);
        }
        return ids;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Makes the broker refuse (or accept again) every record on the topic: none fits in 16 bytes. */
    private static void refuseWrites(Admin admin, ConfigResource topic, boolean refuse) throws Exception {
        AlterConfigOp op = new AlterConfigOp(new ConfigEntry(MAX_MESSAGE_BYTES, "16"),
                refuse ? AlterConfigOp.OpType.SET : AlterConfigOp.OpType.DELETE);
        admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get();
        await().atMost(Duration.ofSeconds(10)).until(() -> "16".equals(
                admin.describeConfigs(List.of(topic)).all().get().get(topic).get(MAX_MESSAGE_BYTES).value()) == refuse);
    }
}
