package io.pgvault.e2e.drills;

import static org.awaitility.Awaitility.await;

import io.pgvault.testinfra.TestInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The drills' view of the test broker, as its super user: end offsets (where a drill's range starts),
 * every record of a range, re-publishing records as they were, and whether a consumer group has read
 * up to the end. Each topic is shared by every system of the JVM, so a drill reads only from the offsets
 * it noted before it started.
 */
final class KafkaLog {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private KafkaLog() {}

    /** The end offset of every partition of {@code topic} now. */
    static Map<TopicPartition, Long> endOffsets(String topic) {
        TestInfra.ensureStarted(); // a drill may note its range before its system starts the broker
        try (Admin admin = Admin.create(TestInfra.kafkaAdminConfig())) {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (Exception e) {
            throw new IllegalStateException("end offsets of " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Every record of {@code topic} from {@code from} (per partition) up to the end offsets of now. */
    static List<ConsumerRecord<String, String>> read(String topic, Map<TopicPartition, Long> from) {
        Map<TopicPartition, Long> to = endOffsets(topic);
        Map<String, Object> config = new HashMap<>(TestInfra.kafkaAdminConfig());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // read_committed would hide nothing here (no transactions); uncommitted is the default
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(to.keySet());
            to.keySet().forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (to.keySet().stream().anyMatch(tp -> consumer.position(tp) < to.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " up to " + to + " in " + BOUND);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < to.get(new TopicPartition(r.topic(), r.partition()))) {
                        records.add(r);
                    }
                }
            }
        }
        return records;
    }

    /** Publishes each record again to its topic and partition: the same key, value and headers. */
    static void republish(List<ConsumerRecord<String, String>> records) {
        Map<String, Object> config = new HashMap<>(TestInfra.kafkaAdminConfig());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ConsumerRecord<String, String> r : records) {
                ProducerRecord<String, String> again = new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value());
                for (Header h : r.headers()) {
                    again.headers().add(h.key(), h.value());
                }
                sent.add(producer.send(again));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("re-publishing " + records.size() + " records: " + e.getMessage(), e);
        }
    }

    /** Waits (bounded) until consumer group {@code group} has committed offsets at the end of {@code topic}. */
    static void awaitConsumed(String group, String topic, Duration atMost) {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        await(group + " reads " + topic + " to its end " + ends).atMost(atMost).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    try (Admin admin = Admin.create(TestInfra.kafkaAdminConfig())) {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                        return ends.entrySet().stream().allMatch(e -> {
                            OffsetAndMetadata c = committed.get(e.getKey());
                            return e.getValue() == 0 || c != null && c.offset() >= e.getValue();
                        });
                    }
                });
    }

    /** The value of header {@code name} of {@code r}, or null. */
    static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
