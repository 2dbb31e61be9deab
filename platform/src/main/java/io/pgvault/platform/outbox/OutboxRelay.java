package io.pgvault.platform.outbox;

import io.pgvault.contracts.CloudEventHeaders;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Relays committed outbox rows to Kafka. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so
 * replicas share the work without sending a row twice; a row is marked sent only after the broker
 * acknowledged it, and the first failure stops the batch so per-instance order is kept.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String CLAIM_PENDING =
            "select * from outbox where sent_at is null order by seq limit :limit for update skip locked";

    private final MutinyEmitter<String> emitter;
    private final Clock clock;
    private final String source;
    private final int batchSize;
    private final Duration keepSent;

    public OutboxRelay(
            @Channel("outbox") MutinyEmitter<String> emitter,
            Clock clock,
            @ConfigProperty(name = "quarkus.application.name") String source,
            @ConfigProperty(name = "pgvault.outbox.batch-size", defaultValue = "100") int batchSize,
            @ConfigProperty(name = "pgvault.outbox.keep-sent", defaultValue = "P1D") Duration keepSent) {
        this.emitter = emitter;
        this.clock = clock;
        this.source = source;
        this.batchSize = batchSize;
        this.keepSent = keepSent;
    }

    @Scheduled(
            identity = "outbox-relay",
            every = "${pgvault.outbox.interval:1s}", // the scheduler's finest interval
            // runs start once the application (and with it the Kafka channel) is up; none during shutdown
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledRelay() {
        return relay().replaceWithVoid();
    }

    /** Sends what is pending now; answers how many messages the broker acknowledged. */
    public Uni<Integer> relay() {
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> session.createNativeQuery(CLAIM_PENDING, OutboxMessage.class)
                                .setParameter("limit", batchSize)
                                .getResultList())
                        .chain(this::sendInOrder))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("outbox relay: %s; pending messages stay for the next run", failure.getMessage());
                    return 0;
                });
    }

    /** Deletes rows sent longer ago than pgvault.outbox.keep-sent. */
    @Scheduled(identity = "outbox-cleanup", every = "1h", delayed = "1m", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> deleteOldSentRows() {
        Instant before = clock.instant().minus(keepSent);
        return Panache.withTransaction(() -> OutboxMessage.delete("sentAt < ?1", before))
                .replaceWithVoid();
    }

    private Uni<Integer> sendInOrder(List<OutboxMessage> rows) {
        List<OutboxMessage> sent = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (OutboxMessage row : rows) {
            chain = chain.chain(() -> emitter.sendMessage(toKafka(row)).invoke(() -> sent.add(row)));
        }
        return chain.onFailure()
                .recoverWithUni(failure -> {
                    LOG.warnf("outbox relay: broker did not acknowledge (%s); %d of %d sent",
                            failure.getMessage(), sent.size(), rows.size());
                    return Uni.createFrom().voidItem();
                })
                .invoke(() -> {
                    Instant now = clock.instant();
                    sent.forEach(row -> row.sentAt = now);
                })
                .replaceWith(sent::size);
    }

    private Message<String> toKafka(OutboxMessage row) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.ID, row.id.toString());
        header(headers, CloudEventHeaders.TYPE, row.type);
        header(headers, CloudEventHeaders.SOURCE, source);
        header(headers, CloudEventHeaders.SPECVERSION, CloudEventHeaders.SPEC_VERSION);
        header(headers, CloudEventHeaders.TIME, row.createdAt.toString());
        header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return Message.of(row.payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(row.topic)
                        .withKey(row.key)
                        .withHeaders(headers)
                        .build());
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
