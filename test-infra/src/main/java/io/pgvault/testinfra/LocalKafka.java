package io.pgvault.testinfra;

import io.pgvault.contracts.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * An Apache Kafka broker (KRaft, broker and controller in one process) on random ports, run from
 * the jars the kafka-broker module resolved. Ready in ≈ 6 s on two cores.
 */
final class LocalKafka {

    private static final int READY_SECONDS = 90;

    private LocalKafka() {}

    static void start() {
        String classpath = classpath();
        int port = Processes.freePort();
        int controllerPort = Processes.freePort();
        String bootstrap = "127.0.0.1:" + port;
        try {
            Path dir = Files.createTempDirectory("pgvault-test-kafka-");
            Path props = dir.resolve("server.properties");
            Files.writeString(props, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://" + bootstrap + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://" + bootstrap,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"),
                    "num.partitions=" + Topics.PARTITIONS,
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=3",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=true",
                    ""));
            Path log4j = dir.resolve("log4j2.properties");
            Files.writeString(log4j, String.join("\n",
                    "rootLogger.level=WARN",
                    "rootLogger.appenderRef.file.ref=file",
                    "appender.file.type=File",
                    "appender.file.name=file",
                    "appender.file.fileName=" + dir.resolve("broker.log"),
                    "appender.file.layout.type=PatternLayout",
                    "appender.file.layout.pattern=%d %p %c - %m%n",
                    ""));
            Path log = dir.resolve("process.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Processes.run(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                    "kafka.tools.StorageTool", "format", "--standalone", "-t", Uuid.randomUuid().toString(),
                    "-c", props.toString()), log, 120);
            List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Dlog4j2.configurationFile=" + log4j, "-cp", classpath,
                    "kafka.Kafka", props.toString()));
            Process broker = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                broker.destroy();
                try {
                    if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                        broker.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    broker.destroyForcibly();
                }
                Processes.deleteTree(dir);
            }, "pgvault-test-kafka-stop"));
            awaitReadyAndCreateTopics(bootstrap, broker, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test Kafka broker", e);
        }
        System.setProperty(TestInfra.KAFKA_BOOTSTRAP, bootstrap);
    }

    /** Readiness is a real metadata request answered by the broker, within a bound. */
    private static void awaitReadyAndCreateTopics(String bootstrap, Process broker, Path log) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (!broker.isAlive()) {
                    throw new IllegalStateException("the test Kafka broker exited; see " + log);
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        break;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "the test Kafka broker was not ready in " + READY_SECONDS + " s; see " + log);
                    }
                }
                Thread.sleep(200);
            }
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : Topics.ALL) {
                topics.add(new NewTopic(topic, Topics.PARTITIONS, (short) 1));
                topics.add(new NewTopic(Topics.dlq(topic), Topics.PARTITIONS, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the pgvault topics on the test broker: " + e.getMessage(), e);
        }
    }

    /** The broker's classpath, written by the kafka-broker module when it is built. */
    private static String classpath() {
        String configured = System.getProperty("pgvault.kafka.classpath-file");
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        String root = System.getProperty("pgvault.root");
        if (root != null) {
            candidates.add(Path.of(root, "kafka-broker", "target", "kafka-classpath.txt"));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve("kafka-broker/target/kafka-classpath.txt"));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                try {
                    return Files.readString(candidate).trim();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("no Kafka broker classpath: build the kafka-broker module first"
                + " (mvn -pl kafka-broker generate-resources); looked at " + candidates.subList(0, Math.min(3, candidates.size())));
    }

}
