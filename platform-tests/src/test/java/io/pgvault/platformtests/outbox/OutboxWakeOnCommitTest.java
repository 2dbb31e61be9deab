package io.pgvault.platformtests.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.common.StopMode;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.platform.outbox.Outbox;
import io.pgvault.platformtests.app.TestDatabase;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The relay runs when a transaction that wrote outbox rows commits, without its poll: the poll is off (it
 * would run once an hour), so a message on the topic within the bound was sent because of the commit.
 */
@QuarkusTest
@TestProfile(OutboxWakeOnCommitTest.WakeOnCommit.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = TestDatabase.NAME))
class OutboxWakeOnCommitTest {

    /** Long enough for a loaded machine, far below the hour of the poll. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    /** The relay wakes on commit; its fallback poll every hour. */
    public static class WakeOnCommit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pgvault.outbox.wake-on-commit", "true", "pgvault.outbox.interval", "1h",
                    "pgvault.outbox.batch-size", "100");
        }
    }

    @Inject
    Outbox outbox;

    @Test
    void aCommittedRowIsRelayedWithoutWaitingForThePoll() throws Throwable {
        UUID instance = UUID.randomUUID();
        Event stopped = new ProtectionStopped(UUID.randomUUID(), instance, Instant.now(), StopMode.RETAIN_FOREVER,
                "COST", "woken by its commit");
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.publish(stopped)));

        List<ConsumerRecord<String, String>> records = KafkaProbe.awaitForInstance(Topics.INSTANCE_COMMANDS, instance, 1);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly(instance.toString());
        await("the row marked sent").atMost(BOUND).untilAsserted(() -> assertThat(
                TestDatabase.count("select count(*) from outbox where message_key = '" + instance + "' and sent_at is null"))
                .isZero());
    }

    @Test
    void moreRowsThanABatchAreAllRelayedInOrder() throws Throwable {
        UUID instance = UUID.randomUUID();
        List<Event> events = IntStream.range(0, 250)
                .mapToObj(i -> (Event) new ProtectionStopped(UUID.randomUUID(), instance, Instant.now(),
                        StopMode.RETAIN_FOREVER, "COST", "row " + i))
                .toList();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.publishAll(events)));

        List<ConsumerRecord<String, String>> records = KafkaProbe.awaitForInstance(Topics.INSTANCE_COMMANDS, instance,
                events.size());
        assertThat(records).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            assertThat(records.get(i).value()).contains("\"row " + i + "\"");
        }
    }

    @Test
    void aRowWrittenBySqlOutsideTheApplicationWakesTheRelayToo() {
        // another replica's commit: the NOTIFY reaches this replica's listener
        UUID instance = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        TestDatabase.column("insert into outbox (id, topic, message_key, type, payload, created_at)"
                + " values (?, ?, ?, 'ProtectionStopped', '{\"note\":\"from another replica\"}', now()) returning id",
                id, Topics.INSTANCE_COMMANDS, instance.toString());
        List<ConsumerRecord<String, String>> records = KafkaProbe.awaitForInstance(Topics.INSTANCE_COMMANDS, instance, 1);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("{\"note\":\"from another replica\"}");
    }
}
