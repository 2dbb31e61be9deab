package io.pgvault.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pgvault.contracts.CloudEventHeaders;
import io.pgvault.platform.concurrent.CoalescingRunner;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Relays committed outbox rows to Kafka. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so
 * replicas share the work without sending a row twice; a row is marked sent only after the broker
 * acknowledged it.
 *
 * <p>Order holds per key (the instance id): once a row fails, the later rows of its key wait for the next
 * run. What happens to the rows of other keys depends on the failure. A broker that is away (a retriable
 * error: timeout, not enough replicas, no leader) ends the run, and every row waits. A broker that refuses
 * the row itself (too large, invalid, not authorized) counts an attempt on the row, and the run goes on with
 * the other keys; after {@code pgvault.outbox.max-attempts} refusals the row is <em>parked</em>
 * (counted in {@code pgvault.outbox.parked}, logged) and no longer claimed. The later rows of its key keep
 * waiting behind it, so the instance's messages never overtake each other, until an admin retries it
 * ({@link OutboxParking}).
 *
 * <p>When it runs: as soon as a transaction that wrote rows commits ({@link OutboxWakeup}, in this replica and
 * the others), and every {@code pgvault.outbox.interval} as a fallback. The runs of one process never overlap
 * ({@link CoalescingRunner}: a wake during a run makes one more run after it), and a full batch is followed by
 * the next at once.
 */
@ApplicationScoped
public class OutboxRelay {

    /** The counter of rows parked. */
    public static final String PARKED = "pgvault.outbox.parked";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    // A row is claimed unless it is parked or a parked row of its key comes before it.
    private static final String CLAIM_PENDING = "select * from outbox o where o.sent_at is null and o.parked_at is null"
            + " and not exists (select 1 from outbox p where p.message_key = o.message_key and p.sent_at is null"
            + " and p.parked_at is not null and p.seq < o.seq)"
            + " order by o.seq limit :limit for update skip locked";

    private static final String MARK_SENT = "update outbox set sent_at = :now where id in (:ids)";

    private static final String RECORD_REFUSAL = "update outbox set attempts = :attempts, last_error = :error where id = :id";

    private static final String PARK = "update outbox set attempts = :attempts, last_error = :error, parked_at = :now"
            + " where id = :id";

    private final MutinyEmitter<String> emitter;
    private final Clock clock;
    private final String source;
    private final int batchSize;
    private final Duration keepSent;
    private final int maxAttempts;
    private final Counter parked;
    private final CoalescingRunner runner;

    public OutboxRelay(
            @Channel("outbox") MutinyEmitter<String> emitter,
            Vertx vertx,
            Clock clock,
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String source,
            @ConfigProperty(name = "pgvault.outbox.batch-size", defaultValue = "100") int batchSize,
            @ConfigProperty(name = "pgvault.outbox.keep-sent", defaultValue = "P1D") Duration keepSent,
            @ConfigProperty(name = "pgvault.outbox.max-attempts", defaultValue = "5") int maxAttempts) {
        this.emitter = emitter;
        this.clock = clock;
        this.source = source;
        this.batchSize = batchSize;
        this.keepSent = keepSent;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.parked = registry.counter(PARKED);
        this.runner = new CoalescingRunner("outbox relay", vertx,
                () -> relay().map(sent -> sent >= this.batchSize));
    }

    @Scheduled(
            identity = "outbox-relay",
            every = "${pgvault.outbox.interval:1s}", // the scheduler's finest interval
            // runs start once the application (and with it the Kafka channel) is up; none during shutdown
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledRelay() {
        runner.wake();
    }

    /**
     * Asks for a run now, or right after the one going on; returns at once. A run's rows are those committed
     * when it claims, so wake after the commit (the outbox trigger's NOTIFY does).
     */
    public void wake() {
        runner.wake();
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

    /** What became of one claimed row in a run. */
    private record Outcome(OutboxMessage row, boolean sent, Throwable refusal) {
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
        Set<String> waiting = new HashSet<>(); // keys with a failed row in this run: their later rows wait
        AtomicBoolean brokerAway = new AtomicBoolean();
        return Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(row -> {
                    if (brokerAway.get() || waiting.contains(row.key)) {
                        return Uni.createFrom().item(new Outcome(row, false, null));
                    }
                    return emitter.sendMessage(toKafka(row))
                            .replaceWith(new Outcome(row, true, null))
                            .onFailure().recoverWithItem(failure -> {
                                waiting.add(row.key);
                                if (refusesTheRow(failure)) {
                                    return new Outcome(row, false, failure);
                                }
                                LOG.warnf("outbox relay: broker did not acknowledge (%s); this row and the rest of the"
                                        + " run wait for the next", failure.getMessage());
                                brokerAway.set(true);
                                return new Outcome(row, false, null);
                            });
                })
                .collect().asList()
                .chain(outcomes -> recordRefusals(outcomes).chain(() -> markSent(outcomes)));
    }

    private Uni<Integer> markSent(List<Outcome> outcomes) {
        List<UUID> sent = outcomes.stream().filter(Outcome::sent).map(o -> o.row().id).toList();
        if (sent.size() < outcomes.size()) {
            LOG.warnf("outbox relay: %d of %d sent", sent.size(), outcomes.size());
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

    /** Counts the refusal on each refused row, and parks the rows that reached the bound. */
    private Uni<Void> recordRefusals(List<Outcome> outcomes) {
        List<Outcome> refused = outcomes.stream().filter(o -> o.refusal() != null).toList();
        if (refused.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return Multi.createFrom().iterable(refused)
                .onItem().transformToUniAndConcatenate(o -> {
                    OutboxMessage row = o.row();
                    int attempts = row.attempts + 1;
                    boolean park = attempts >= maxAttempts;
                    String error = describe(o.refusal());
                    if (park) {
                        parked.increment();
                        LOG.errorf("outbox relay: parked %s %s (seq %d, key %s) after %d refusals: %s; later messages"
                                + " of key %s wait behind it until it is retried", row.type, row.id, row.seq, row.key,
                                attempts, error, row.key);
                    } else {
                        LOG.warnf("outbox relay: broker refused %s %s (seq %d, key %s), attempt %d of %d: %s", row.type,
                                row.id, row.seq, row.key, attempts, maxAttempts, error);
                    }
                    return Panache.getSession().chain(session -> {
                        var update = session.createNativeQuery(park ? PARK : RECORD_REFUSAL)
                                .setParameter("attempts", attempts)
                                .setParameter("error", error)
                                .setParameter("id", row.id);
                        return (park ? update.setParameter("now", now) : update).executeUpdate();
                    });
                })
                .collect().last()
                .replaceWithVoid();
    }

    /**
     * Whether the broker (or the producer before it) refused this row for what it is (too large, invalid,
     * not authorized), rather than being away: a Kafka error that is not retriable.
     */
    static boolean refusesTheRow(Throwable failure) {
        boolean kafka = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof RetriableException) {
                return false;
            }
            kafka |= t instanceof KafkaException;
        }
        return kafka;
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        return text.length() > 1000 ? text.substring(0, 1000) : text;
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
