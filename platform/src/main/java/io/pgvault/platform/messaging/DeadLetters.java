package io.pgvault.platform.messaging;

import io.pgvault.contracts.CloudEventHeaders;
import io.pgvault.contracts.Topics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The dead-letter topic of the topic this service publishes, which every consumer of that topic writes
 * to: listed for an admin, and replayed to the topic it came from with the same key, value and headers
 * (the CloudEvents id among them), so the consumers' inboxes make a replay of an already handled message
 * change nothing. Each service replays the dead letters of its own topic because it alone may write that
 * topic (the broker's ACLs); a message another service could not handle is replayed by the message's producer.
 *
 * <p>Kafka keeps a topic's records until its retention removes them, so the list shows every dead letter
 * still held, replayed or not; a replayed record that fails again is dead-lettered again, as a new record.
 */
@ApplicationScoped
public class DeadLetters {

    /** SmallRye's dead-letter headers. */
    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String EXCEPTION = "dead-letter-exception-class-name";
    public static final String ORIGIN_TOPIC = "dead-letter-topic";
    public static final String ORIGIN_PARTITION = "dead-letter-partition";
    public static final String ORIGIN_OFFSET = "dead-letter-offset";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration READ_BOUND = Duration.ofSeconds(30);

    private final MutinyEmitter<String> emitter;
    private final Map<String, Object> kafka;
    private final Vertx vertx;
    private final String sourceTopic;

    public DeadLetters(
            @Channel("outbox") MutinyEmitter<String> emitter,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            Vertx vertx,
            @ConfigProperty(name = "mp.messaging.outgoing.outbox.topic") String ownTopic,
            @ConfigProperty(name = "pgvault.dead-letters.source-topic") Optional<String> sourceTopic) {
        this.emitter = emitter;
        this.kafka = kafka;
        this.vertx = vertx;
        this.sourceTopic = sourceTopic.filter(t -> !t.isBlank()).orElse(ownTopic);
    }

    /**
     * One record of the dead-letter topic.
     *
     * @param partition   its partition in the dead-letter topic
     * @param offset      its offset there
     * @param key         its key (the instance id)
     * @param id          its CloudEvents id (the message id the inboxes know it by), if it has one
     * @param type        its CloudEvents type, if it has one
     * @param reason      why a consumer gave it up (SmallRye's dead-letter-reason)
     * @param cause       the exception's class
     * @param origin      where it was consumed from: topic-partition@offset
     * @param deadAt      when it was dead-lettered
     */
    public record DeadLetter(int partition, long offset, String key, String id, String type, String reason,
            String cause, String origin, Instant deadAt) {
    }

    /** What the dead-letter topic holds: how many records, and the last {@code limit} of them. */
    public record Listing(String topic, String replaysTo, long count, List<DeadLetter> records) {
    }

    /** What a replay did. */
    public record Replay(String from, String to, int replayed, List<String> ids) {
    }

    public String deadLetterTopic() {
        return Topics.dlq(sourceTopic);
    }

    /** The records of the dead-letter topic, oldest first, at most {@code limit} (the newest). */
    public Uni<Listing> list(int limit) {
        return read(r -> true).map(records -> {
            List<DeadLetter> letters = records.stream().map(DeadLetters::toDeadLetter).toList();
            List<DeadLetter> last = letters.subList(Math.max(0, letters.size() - limit), letters.size());
            return new Listing(deadLetterTopic(), sourceTopic, letters.size(), List.copyOf(last));
        });
    }

    /**
     * Publishes the dead letters again to the topic they came from, each with its key, value and headers
     * (less the dead-letter ones), in their order; {@code ids} empty means all of them.
     */
    public Uni<Replay> replay(Set<String> ids) {
        return read(r -> ids.isEmpty() || ids.contains(header(r, CloudEventHeaders.ID)))
                .chain(records -> Multi.createFrom().iterable(records)
                        .onItem().transformToUniAndConcatenate(r -> emitter.sendMessage(toSource(r))
                                .replaceWith(String.valueOf(header(r, CloudEventHeaders.ID))))
                        .collect().asList())
                .invoke(sent -> LOG.infof("replayed %d dead letter(s) of %s to %s: %s", sent.size(), deadLetterTopic(),
                        sourceTopic, sent))
                .map(sent -> new Replay(deadLetterTopic(), sourceTopic, sent.size(), sent));
    }

    private Message<String> toSource(ConsumerRecord<String, String> record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            if (!h.key().startsWith("dead-letter-")) {
                headers.add(h.key(), h.value());
            }
        }
        return Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(sourceTopic)
                .withKey(record.key())
                .withHeaders(headers)
                .build());
    }

    /** Every record of the dead-letter topic that matches, read from its beginning to its end now, on a worker thread. */
    private Uni<List<ConsumerRecord<String, String>>> read(Predicate<ConsumerRecord<String, String>> match) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> readBlocking(match)), false);
    }

    private List<ConsumerRecord<String, String>> readBlocking(Predicate<ConsumerRecord<String, String>> match) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.keySet().removeIf(k -> k.startsWith("group.") || k.equals("client.id"));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // no group: partitions are assigned, so reading needs READ on the topic alone
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic(), READ_BOUND).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_BOUND);
            long deadline = System.nanoTime() + READ_BOUND.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, READ_BOUND) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + deadLetterTopic() + " to its end within " + READ_BOUND);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition())) && match.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        found.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
        return found;
    }

    private static DeadLetter toDeadLetter(ConsumerRecord<String, String> r) {
        String origin = header(r, ORIGIN_TOPIC) == null ? null
                : header(r, ORIGIN_TOPIC) + "-" + header(r, ORIGIN_PARTITION) + "@" + header(r, ORIGIN_OFFSET);
        return new DeadLetter(r.partition(), r.offset(), r.key(), header(r, CloudEventHeaders.ID),
                header(r, CloudEventHeaders.TYPE), header(r, REASON), header(r, EXCEPTION), origin,
                Instant.ofEpochMilli(r.timestamp()));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A message id as the inboxes know it: a UUID, or null. */
    static UUID idOf(String text) {
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
