package io.pgvault.testinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pgvault.contracts.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test broker is secured as production is: SASL/SCRAM logins, one principal per service, each
 * allowed only its topics ({@link KafkaAccess}). Every refusal is awaited within a bound.
 */
class KafkaSecurityTest {

    /** How long a client may try before a refusal counts as one. */
    private static final Duration BOUND = Duration.ofSeconds(15);

    private static final List<String> ALL_TOPICS = Stream.concat(Topics.ALL.stream(), Topics.ALL.stream().map(Topics::dlq))
            .toList();

    @BeforeAll
    static void brokerWithOneRecordOnEachTopic() {
        TestInfra.ensureStarted();
        assumeThat(TestInfra.kafkaSecured()).as("the Testcontainers broker runs without SASL").isTrue();
        for (String topic : ALL_TOPICS) {
            KafkaProbe.send(topic, UUID.randomUUID().toString(), null, UUID.randomUUID().toString(), "{}");
        }
    }

    @Test
    void aClientWithoutCredentialsIsRefused() {
        UUID key = UUID.randomUUID();
        Map<String, Object> anonymous = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());

        try (KafkaProducer<String, String> producer = producer(anonymous)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.INSTANCE_COMMANDS, key.toString(), "{}"))
                    .get(BOUND.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TimeoutException.class);
        }
        try (KafkaConsumer<String, String> consumer = consumer(anonymous, null)) {
            assertThatThrownBy(() -> consumer.partitionsFor(Topics.INSTANCE_COMMANDS, Duration.ofSeconds(5)))
                    .isInstanceOf(TimeoutException.class);
        }
        assertThat(KafkaProbe.readAll(Topics.INSTANCE_COMMANDS, key)).isEmpty();
    }

    @Test
    void aClientWithAWrongPasswordIsRefused() {
        UUID key = UUID.randomUUID();
        Map<String, Object> wrong = new HashMap<>(TestInfra.kafkaClientConfig("instance-service"));
        wrong.putAll(KafkaAccess.saslConfig("instance-service", TestInfra.kafkaPassword("instance-service") + "x"));

        try (KafkaProducer<String, String> producer = producer(wrong)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.INSTANCE_COMMANDS, key.toString(), "{}"))
                    .get(BOUND.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SaslAuthenticationException.class);
        }
        assertThat(KafkaProbe.readAll(Topics.INSTANCE_COMMANDS, key)).isEmpty();
    }

    @Test
    void jobServiceCannotWriteInstanceCommandsWhileInstanceServiceCan() throws Exception {
        UUID refused = UUID.randomUUID();
        UUID accepted = UUID.randomUUID();

        try (KafkaProducer<String, String> producer = producer(TestInfra.kafkaClientConfig("job-service"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.INSTANCE_COMMANDS, refused.toString(), "{}"))
                    .get(BOUND.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, String> producer = producer(TestInfra.kafkaClientConfig("instance-service"))) {
            producer.send(new ProducerRecord<>(Topics.INSTANCE_COMMANDS, accepted.toString(), "{}"))
                    .get(BOUND.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(KafkaProbe.awaitForInstance(Topics.INSTANCE_COMMANDS, accepted, 1)).hasSize(1);
        assertThat(KafkaProbe.readAll(Topics.INSTANCE_COMMANDS, refused)).isEmpty();
    }

    @Test
    void eachServiceWritesOnlyItsOwnTopicAndTheDeadLetterTopicsOfWhatItReads() {
        List<String> outcomes = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String service : KafkaAccess.services()) {
            try (KafkaProducer<String, String> producer = producer(TestInfra.kafkaClientConfig(service))) {
                for (String topic : ALL_TOPICS) {
                    expected.add(service + (KafkaAccess.writes(service).contains(topic) ? " writes " : " may not write ") + topic);
                    try {
                        producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), "{}"))
                                .get(BOUND.toSeconds(), TimeUnit.SECONDS);
                        outcomes.add(service + " writes " + topic);
                    } catch (ExecutionException e) {
                        outcomes.add(service + (e.getCause() instanceof TopicAuthorizationException ? " may not write " : " failed ")
                                + topic + (e.getCause() instanceof TopicAuthorizationException ? "" : ": " + e.getCause()));
                    } catch (Exception e) {
                        outcomes.add(service + " failed " + topic + ": " + e);
                    }
                }
            }
        }
        assertThat(outcomes).containsExactlyElementsOf(expected);
    }

    @Test
    void eachServiceReadsOnlyTheTopicsItConsumes() {
        List<String> outcomes = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String service : KafkaAccess.services()) {
            for (String topic : ALL_TOPICS) {
                expected.add(service + (KafkaAccess.reads(service).contains(topic) ? " reads " : " may not read ") + topic);
                outcomes.add(service + readOutcome(service, KafkaAccess.group(service), topic) + topic);
            }
        }
        assertThat(outcomes).containsExactlyElementsOf(expected);
    }

    @Test
    void aServiceMayNotReadInAnotherServicesConsumerGroup() {
        assertThat(readOutcome("job-service", KafkaAccess.group("retention-service"), Topics.INSTANCE_COMMANDS))
                .isEqualTo(" may not use its group to read ");
    }

    @Test
    void passwordsAndTheBrokerConfigurationAreReadableByTheirOwnerOnly() throws IOException {
        Path secrets = Path.of(System.getProperty(TestInfra.KAFKA_SECRETS));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.getParent()))).isEqualTo("rwx------");
        for (String principal : KafkaAccess.principals()) {
            Path file = secrets.resolve("kafka-" + principal + ".password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
        }
        Path serverProperties = secrets.resolveSibling("server.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(serverProperties))).isEqualTo("rw-------");
        assertThat(KafkaAccess.principals().stream().map(TestInfra::kafkaPassword).distinct()).hasSize(KafkaAccess.principals().size());
    }

    /**
     * Polls {@code topic} as {@code service} in {@code group} from the group's committed offsets (none:
     * the beginning), until a record or a refusal.
     */
    private static String readOutcome(String service, String group, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(TestInfra.kafkaClientConfig(service), group)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < Topics.PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
                    return " reads ";
                }
            }
            return " read nothing within " + BOUND + " from ";
        } catch (TopicAuthorizationException e) {
            return " may not read ";
        } catch (GroupAuthorizationException e) {
            return " may not use its group to read ";
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> login) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return new KafkaProducer<>(config);
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> login, String group) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config);
    }
}
