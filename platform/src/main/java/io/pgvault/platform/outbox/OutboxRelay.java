package io.pgvault.platform.outbox;

import io.pgvault.contracts.CloudEventHeaders;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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

    private static final String MARK_SENT = "update outbox set sent_at = :now where id in (:ids)";

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

    /**
     * Sends the claimed rows one after the other, each once the previous one was acknowledged, then marks
     * the acknowledged ones sent with one statement. A stream, not a chain built in a loop: that nests one
     * operator per row, and a run of 2,000 rows never completed (the shape that hung the retention sweep;
     * platform-tests' OutboxRelayTest runs 2,000).
     */
    private Uni<Integer> sendInOrder(List<OutboxMessage> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(row -> emitter.sendMessage(toKafka(row)).replaceWith(row.id))
                .onFailure().invoke(failure -> LOG.warnf(
                        "outbox relay: broker did not acknowledge (%s); this row and the rest of the run wait for the next",
                        failure.getMessage()))
                // the first refusal ends the run: what was acknowledged before it is still marked sent
                .onFailure().recoverWithCompletion()
                .collect().asList()
                .chain(sent -> markSent(sent, rows.size()));
    }

    private Uni<Integer> markSent(List<UUID> sent, int claimed) {
        if (sent.size() < claimed) {
            LOG.warnf("outbox relay: %d of %d sent", sent.size(), claimed);
        }
        if (sent.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(MARK_SENT)
                        .setParameter("now", clock.instant())
                        .setParameter("ids", sent)
                        .executeUpdate())
                .replaceWith(sent.size());
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
