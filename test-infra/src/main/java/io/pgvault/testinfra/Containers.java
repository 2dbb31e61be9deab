package io.pgvault.testinfra;

import io.pgvault.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same infrastructure from Testcontainers, for machines with a Docker engine, except Kafka
 * security: this broker takes clients without SASL and has no ACLs ({@link TestInfra#kafkaSecured()}
 * is false, so the services are configured for PLAINTEXT). SASL/SCRAM and the ACLs are proven on the
 * local broker, the default.
 */
final class Containers {

    private Containers() {}

    @SuppressWarnings("resource") // Testcontainers' reaper removes them when the JVM ends
    static void start() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:15")
                .withUsername("postgres")
                .withPassword("postgres")
                .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=300");
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.2.0");
        postgres.start();
        kafka.start();
        System.setProperty(TestInfra.PG_HOST, postgres.getHost());
        System.setProperty(TestInfra.PG_PORT, String.valueOf(postgres.getMappedPort(5432)));
        System.setProperty(TestInfra.PG_USER, "postgres");
        System.setProperty(TestInfra.PG_PASSWORD, "postgres");
        System.setProperty(TestInfra.PG_BIN, LocalPostgres.binDir().toString());
        createTopics(kafka.getBootstrapServers());
        System.setProperty(TestInfra.KAFKA_BOOTSTRAP, kafka.getBootstrapServers());
    }

    private static void createTopics(String bootstrap) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(config)) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : Topics.ALL) {
                topics.add(new NewTopic(topic, Topics.PARTITIONS, (short) 1));
                topics.add(new NewTopic(Topics.dlq(topic), Topics.PARTITIONS, (short) 1));
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the pgvault topics: " + e.getMessage(), e);
        }
    }
}
