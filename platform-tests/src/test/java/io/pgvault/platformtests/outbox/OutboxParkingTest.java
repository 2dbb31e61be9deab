package io.pgvault.platformtests.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgvault.contracts.CloudEventHeaders;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.StopMode;
import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.contracts.job.JobStarted;
import io.pgvault.platform.outbox.Outbox;
import io.pgvault.platform.outbox.OutboxParking;
import io.pgvault.platform.outbox.OutboxParking.ParkedMessage;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A row the broker refuses cannot wedge the outbox: after pgvault.outbox.max-attempts (3 here) it is parked,
 * rows of other keys flow past it from the first run on, later rows of its key wait behind it, and a retry
 * after the cause is mended sends it and then them, in order.
 */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = TestDatabase.NAME))
class OutboxParkingTest {

    private static final Duration RELAY_BOUND = Duration.ofSeconds(120);
    private static final String MAX_MESSAGE_BYTES = "max.message.bytes";

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxParking parking;

    @Inject
    MeterRegistry registry;

    /** Every test starts with nothing pending or parked (a row too large stays parked for ever), so a run's count is its own. */
    @BeforeEach
    void nothingParkedOrPending() {
        TestDatabase.count("with gone as (delete from outbox where sent_at is null returning 1) select count(*) from gone");
    }

    @Test
    void anOversizedRowIsParkedAfterThreeRefusalsWhileOtherKeysFlowAndItsOwnKeyWaits() throws Throwable {
        UUID big = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Event oversized = new ProtectionStopped(UUID.randomUUID(), big, Instant.now(), StopMode.RETAIN_FOREVER, "COST",
                "x".repeat(1_200_000)); // over the producer's 1 MB max.request.size
        Event behindIt = new InstanceDeleted(UUID.randomUUID(), big, Instant.now(), "orders-db", "COST", null);
        Event otherKey = new InstanceDeleted(UUID.randomUUID(), other, Instant.now(), "sales-db", "COST", null);
        publish(List.of(oversized, behindIt, otherKey));
        double parkedBefore = parkedCount();

        assertThat(relay()).as("first run: the other key's row goes out").isEqualTo(1);
        assertThat(KafkaProbe.awaitForInstance(Topics.INSTANCE_COMMANDS, other, 1)).hasSize(1);
        assertThat(parkedRow(oversized.eventId())).as("parked after one refusal").isNull();
        assertThat(relay()).isZero();
        assertThat(relay()).isZero();

        ParkedMessage parked = parkedRow(oversized.eventId());
        assertThat(parked).as("parked after three refusals").isNotNull();
        assertThat(parked.attempts()).isEqualTo(3);
        assertThat(parked.lastError()).contains("RecordTooLargeException");
        assertThat(parked.waiting()).as("rows of its key waiting behind it").isEqualTo(1);
        assertThat(parked.payloadBytes()).isGreaterThan(1_200_000);
        assertThat(parkedCount() - parkedBefore).isEqualTo(1);
        assertThat(unsentIds(big)).containsExactly(oversized.eventId(), behindIt.eventId());

        Event otherLater = new ProtectionStopped(UUID.randomUUID(), other, Instant.now(), StopMode.RETAIN_FOREVER, "COST", null);
        publish(List.of(otherLater));
        assertThat(relay()).as("a parked row blocks no other key").isEqualTo(1);
        assertThat(KafkaProbe.readAll(Topics.INSTANCE_COMMANDS, big)).as("its own key waits").isEmpty();
    }

    @Test
    void aParkedRowRetriedAfterTheBrokerIsMendedGoesOutAndTheRowsOfItsKeyFollowInOrder() throws Throwable {
        UUID instance = UUID.randomUUID();
        Event refused = new JobStarted(UUID.randomUUID(), instance, Instant.now(), UUID.randomUUID(), Operation.BACKUP,
                Trigger.ON_DEMAND); // to job-events, which the broker refuses below
        Event after = new InstanceDeleted(UUID.randomUUID(), instance, Instant.now(), "orders-db", "COST", null);
        publish(List.of(refused, after));

        ConfigResource jobEvents = new ConfigResource(ConfigResource.Type.TOPIC, Topics.JOB_EVENTS);
        try (Admin admin = Admin.create(TestInfra.kafkaAdminConfig())) {
            try {
                refuseWrites(admin, jobEvents, true);
                for (int run = 0; run < 3; run++) {
                    assertThat(relay()).isZero();
                }
                assertThat(parkedRow(refused.eventId())).isNotNull();
            } finally {
                refuseWrites(admin, jobEvents, false);
            }
        }
        assertThat(relay()).as("parked: not tried again, its key waits").isZero();

        assertThat(VertxContextSupport.subscribeAndAwait(() -> parking.retry(refused.eventId()))).isTrue();
        assertThat(relay()).isEqualTo(2);
        assertThat(KafkaProbe.awaitForInstance(Topics.JOB_EVENTS, instance, 1))
                .extracting(r -> header(r, CloudEventHeaders.ID)).containsExactly(refused.eventId().toString());
        assertThat(KafkaProbe.awaitForInstance(Topics.INSTANCE_COMMANDS, instance, 1))
                .extracting(r -> header(r, CloudEventHeaders.ID)).containsExactly(after.eventId().toString());
        assertThat(unsentIds(instance)).isEmpty();
        assertThat(VertxContextSupport.subscribeAndAwait(() -> parking.retry(refused.eventId())))
                .as("nothing parked to retry any more").isFalse();
    }

    private ParkedMessage parkedRow(UUID id) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> parking.parked()).stream()
                .filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    private double parkedCount() {
        return registry.counter(OutboxRelay.PARKED).count();
    }

    private void publish(List<Event> events) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.publishAll(events)));
    }

    private int relay() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> relay.relay().ifNoItem().after(RELAY_BOUND).fail());
    }

    private static List<UUID> unsentIds(UUID instance) {
        return TestDatabase.column("select id from outbox where message_key = ? and sent_at is null order by seq",
                instance.toString()).stream().map(UUID.class::cast).toList();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void refuseWrites(Admin admin, ConfigResource topic, boolean refuse) throws Exception {
        AlterConfigOp op = new AlterConfigOp(new ConfigEntry(MAX_MESSAGE_BYTES, "16"),
                refuse ? AlterConfigOp.OpType.SET : AlterConfigOp.OpType.DELETE);
        admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get();
        await().atMost(Duration.ofSeconds(10)).until(() -> "16".equals(
                admin.describeConfigs(List.of(topic)).all().get().get(topic).get(MAX_MESSAGE_BYTES).value()) == refuse);
    }
}
