package io.pgvault.testinfra;

import io.pgvault.contracts.CloudEventHeaders;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.EventTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and writes the real test topics, the way the services' peers do, with bounded waits. It logs
 * in as the super user ({@link KafkaAccess#ADMIN}), so a test can play any producer.
 */
public final class KafkaProbe {

    private KafkaProbe() {}

    /**
     * Every record of {@code topic} (from its beginning) that matches {@code match}, once at least
     * {@code count} of them arrived; fails after {@code timeout}.
     */
    public static List<ConsumerRecord<String, String>> await(
            String topic, int count, Duration timeout, Predicate<ConsumerRecord<String, String>> match) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = fromTheBeginning(consumer, topic);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("expected " + count + " matching record(s) on " + topic + " within "
                            + timeout + ", found " + found.size());
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** Records of {@code topic} keyed by {@code instanceId}, at least {@code count}, within 20 s. */
    public static List<ConsumerRecord<String, String>> awaitForInstance(String topic, UUID instanceId, int count) {
        return await(topic, count, Duration.ofSeconds(20), r -> instanceId.toString().equals(r.key()));
    }

    /** Everything on {@code topic} for {@code instanceId} right now (reads to the current end). */
    public static List<ConsumerRecord<String, String>> readAll(String topic, UUID instanceId) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = fromTheBeginning(consumer, topic);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 20 s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (instanceId.toString().equals(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** The CloudEvents type of a record. */
    public static String type(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(CloudEventHeaders.TYPE);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Publishes {@code event} as its producer would: keyed by instance id, CloudEvents headers. */
    public static void send(Event event, String json) {
        send(EventTypes.topicOf(event.getClass()), event.instanceId().toString(), EventTypes.typeOf(event.getClass()),
                event.eventId().toString(), json);
    }

    /** Publishes a raw record, for messages no producer of ours would write. */
    public static void send(String topic, String key, String type, String id, String json) {
        Properties config = new Properties();
        config.putAll(TestInfra.kafkaAdminConfig());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
            if (type != null) {
                record.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
            }
            record.headers().add(CloudEventHeaders.ID, id.getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.SPECVERSION, CloudEventHeaders.SPEC_VERSION.getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventHeaders.TIME, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties config = new Properties();
        config.putAll(TestInfra.kafkaAdminConfig());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(config);
    }

    /** Assigns every partition of {@code topic} to {@code consumer}, positioned at its beginning. */
    private static List<TopicPartition> fromTheBeginning(KafkaConsumer<String, String> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }
}
