package io.pgvault.testinfra;

import io.pgvault.contracts.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.Uuid;

/**
 * An Apache Kafka broker (KRaft, broker and controller in one process) on random loopback ports, run
 * from the jars the kafka-broker module resolved, secured as in production: clients log in with
 * SASL/SCRAM-SHA-512 as one of the {@link KafkaAccess} principals (random passwords per run), the
 * {@code StandardAuthorizer} allows each only its ACLs, and a client without credentials gets
 * nothing. The controller listener is SASL/PLAIN for the broker alone. Ready in ≈ 6 s on two cores.
 */
final class LocalKafka {

    private static final int READY_SECONDS = 90;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** The running broker of this JVM: its command, data directory and port stay the same across restarts. */
    private static volatile Process broker;
    private static List<String> command;
    private static Path processLog;
    private static Map<String, Object> adminSettings;

    private LocalKafka() {}

    static void start() {
        long t0 = System.nanoTime();
        String classpath = classpath();
        int port = Processes.freePort();
        int controllerPort = Processes.freePort();
        String bootstrap = "127.0.0.1:" + port;
        try {
            Path dir = Files.createTempDirectory("pgvault-test-kafka-", Processes.OWNER_ONLY_DIR);
            Path secrets = Files.createDirectory(dir.resolve("secrets"), Processes.OWNER_ONLY_DIR);
            Map<String, String> passwords = new LinkedHashMap<>();
            for (String principal : KafkaAccess.principals()) {
                String password = randomPassword();
                Processes.writePrivate(secrets.resolve("kafka-" + principal + ".password"), password + "\n");
                passwords.put(principal, password);
            }
            String admin = passwords.get(KafkaAccess.ADMIN);
            Path props = dir.resolve("server.properties");
            // 0600: the broker's own logins (as admin) are in it.
            Processes.writePrivate(props, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                    "listeners=CLIENT://" + bootstrap + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=CLIENT://" + bootstrap,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                    "inter.broker.listener.name=CLIENT",
                    "sasl.mechanism.inter.broker.protocol=" + KafkaAccess.MECHANISM,
                    "listener.name.client.sasl.enabled.mechanisms=" + KafkaAccess.MECHANISM,
                    "listener.name.client." + KafkaAccess.MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config="
                            + "org.apache.kafka.common.security.scram.ScramLoginModule required"
                            + " username=\"" + KafkaAccess.ADMIN + "\" password=\"" + admin + "\";",
                    // SCRAM credentials live in the metadata the controller serves, so the controller's own
                    // listener uses PLAIN, with the one user (the broker, as admin) in this file.
                    "sasl.mechanism.controller.protocol=PLAIN",
                    "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                    "listener.name.controller.plain.sasl.jaas.config="
                            + "org.apache.kafka.common.security.plain.PlainLoginModule required"
                            + " username=\"" + KafkaAccess.ADMIN + "\" password=\"" + admin + "\""
                            + " user_" + KafkaAccess.ADMIN + "=\"" + admin + "\";",
                    "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                    "super.users=User:" + KafkaAccess.ADMIN,
                    "allow.everyone.if.no.acl.found=false",
                    "log.dirs=" + dir.resolve("data"),
                    "num.partitions=" + Topics.PARTITIONS,
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=3",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=false",
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
            format(java, classpath, props, passwords, dir);
            List<String> brokerCommand = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Dlog4j2.configurationFile=" + log4j, "-cp", classpath,
                    "kafka.Kafka", props.toString()));
            command = List.copyOf(brokerCommand);
            processLog = log;
            broker = launch();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopBroker();
                Processes.deleteTree(dir);
            }, "pgvault-test-kafka-stop"));
            Map<String, Object> adminConfig = new HashMap<>(KafkaAccess.saslConfig(KafkaAccess.ADMIN, admin));
            adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            adminSettings = Map.copyOf(adminConfig);
            awaitReadyAndSetUp(adminConfig, broker, log);
            System.setProperty(TestInfra.KAFKA_SECRETS, secrets.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test Kafka broker", e);
        }
        System.setProperty(TestInfra.KAFKA_BOOTSTRAP, bootstrap);
        System.out.printf("pgvault test-infra: Kafka (SASL/SCRAM, ACLs) on %s ready in %.1f s%n",
                bootstrap, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Stops the broker process (SIGTERM, SIGKILL after 20 s), as an operator or a crash would take it away;
     * its port, data directory and credentials stay for {@link #restart()}.
     */
    static synchronized void stop() {
        if (broker == null) {
            throw new IllegalStateException("the test Kafka broker was never started");
        }
        stopBroker();
    }

    /** Starts the stopped broker again with the same command, port and data, and waits (bounded) until it answers. */
    static synchronized void restart() {
        if (command == null) {
            throw new IllegalStateException("the test Kafka broker was never started");
        }
        if (broker.isAlive()) {
            return;
        }
        try {
            broker = launch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test Kafka broker again", e);
        }
        awaitReady(adminSettings, broker, processLog);
    }

    private static Process launch() throws IOException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(processLog.toFile()))
                .start();
    }

    private static void stopBroker() {
        Process p = broker;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    /**
     * Formats the storage with every principal's SCRAM credential in its bootstrap metadata, so each
     * can log in from the broker's first second. The arguments hold the passwords: they go to the JVM
     * in an argument file (0600, deleted after), never on a command line that {@code ps} shows, and
     * the tool's output (which echoes the derived keys) is kept only if the format fails.
     */
    private static void format(String java, String classpath, Path props, Map<String, String> passwords, Path dir)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                "kafka.tools.StorageTool", "format", "--standalone", "-t", Uuid.randomUuid().toString(),
                "-c", props.toString()));
        passwords.forEach((user, password) -> {
            args.add("--add-scram");
            args.add(KafkaAccess.MECHANISM + "=[name=" + user + ",password=" + password + "]");
        });
        Path argFile = dir.resolve("format.args");
        Path formatLog = dir.resolve("format.log");
        StringBuilder lines = new StringBuilder();
        for (String arg : args) {
            lines.append('"').append(arg.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
        }
        Processes.writePrivate(argFile, lines.toString());
        try {
            Processes.run(List.of(java, "@" + argFile), formatLog, 120);
            Files.deleteIfExists(formatLog);
        } finally {
            Files.deleteIfExists(argFile);
        }
    }

    /** Readiness is a real metadata request answered to the admin, within a bound. */
    private static void awaitReady(Map<String, Object> adminConfig, Process broker, Path log) {
        try (Admin admin = Admin.create(adminClientConfig(adminConfig))) {
            awaitReady(admin, broker, log, System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> adminClientConfig(Map<String, Object> adminConfig) {
        Map<String, Object> config = new HashMap<>(adminConfig);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        return config;
    }

    private static void awaitReady(Admin admin, Process broker, Path log, long deadline) throws InterruptedException {
        while (true) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("the test Kafka broker exited; see " + log);
            }
            try {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the test Kafka broker was not ready in " + READY_SECONDS + " s; see " + log);
                }
            }
            Thread.sleep(200);
        }
    }

    /** Readiness, then topics and ACLs. */
    private static void awaitReadyAndSetUp(Map<String, Object> adminConfig, Process broker, Path log) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        try (Admin admin = Admin.create(adminClientConfig(adminConfig))) {
            awaitReady(admin, broker, log, deadline);
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : Topics.ALL) {
                topics.add(new NewTopic(topic, Topics.PARTITIONS, (short) 1));
                topics.add(new NewTopic(Topics.dlq(topic), Topics.PARTITIONS, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            List<AclBinding> acls = KafkaAccess.bindings();
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            // The broker's authorizer applies them from the metadata log a moment after the controller
            // commits; DescribeAcls is answered by that authorizer.
            while (!admin.describeAcls(AclBindingFilter.ANY).values().get(5, TimeUnit.SECONDS).containsAll(acls)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the test Kafka broker did not apply its ACLs in time; see " + log);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot set up topics and ACLs on the test broker: " + e.getMessage(), e);
        }
    }

    private static String randomPassword() {
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
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
