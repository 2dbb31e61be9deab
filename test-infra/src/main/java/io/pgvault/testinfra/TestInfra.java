package io.pgvault.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The PostgreSQL server and Kafka broker a test JVM uses, started once per JVM (so once per
 * module's test run) on random ports, so tests never collide with a running pgvault.
 *
 * <p>Where they come from is chosen explicitly, never by probing for Docker:
 * {@code -Dpgvault.test.infra=local} (default) runs a throwaway PostgreSQL cluster with the
 * machine's {@code initdb}/{@code pg_ctl} and an Apache Kafka broker process in KRaft mode;
 * {@code -Dpgvault.test.infra=testcontainers} uses Testcontainers where a Docker engine exists.
 *
 * <p>The facts are published as system properties, which every class loader of the JVM sees
 * (Quarkus loads tests and test resources in different class loaders). Passwords are not: the
 * local broker's are random per run, one per principal of {@link KafkaAccess}, in 0600 files of a
 * 0700 folder that only its path is published for.
 */
public final class TestInfra {

    public static final String PG_HOST = "pgvault.test.pg.host";
    public static final String PG_PORT = "pgvault.test.pg.port";
    public static final String PG_USER = "pgvault.test.pg.user";
    public static final String PG_PASSWORD = "pgvault.test.pg.password";
    public static final String PG_BIN = "pgvault.test.pg.bin";
    public static final String KAFKA_BOOTSTRAP = "pgvault.test.kafka.bootstrap";
    /** Folder of {@code kafka-<principal>.password}; unset when the broker needs no login (Testcontainers). */
    public static final String KAFKA_SECRETS = "pgvault.test.kafka.secrets";

    /** The test S3 server's endpoint URL, once {@link #ensureS3Started()} ran. */
    public static final String S3_ENDPOINT = "pgvault.test.s3.endpoint";
    public static final String S3_ACCESS_KEY = "pgvault.test.s3.access-key";
    /** Folder of {@code s3.secret}, the test S3 server's secret key. */
    public static final String S3_SECRETS = "pgvault.test.s3.secrets";
    /** The S3 server's backend directory: {@code {data}/{bucket}/{key}}. */
    public static final String S3_DATA = "pgvault.test.s3.data";

    private static final Object LOCK = "pgvault.test.infra.lock".intern();

    private TestInfra() {}

    /** Starts PostgreSQL and Kafka unless this JVM already has them. */
    public static void ensureStarted() {
        synchronized (LOCK) {
            if (System.getProperty(PG_PORT) != null && System.getProperty(KAFKA_BOOTSTRAP) != null) {
                return;
            }
            String mode = System.getProperty("pgvault.test.infra", "local").toLowerCase(Locale.ROOT);
            switch (mode) {
                case "local" -> {
                    LocalPostgres.create();
                    LocalKafka.start();
                }
                case "testcontainers" -> Containers.start();
                default -> throw new IllegalStateException(
                        "pgvault.test.infra must be 'local' or 'testcontainers', not '" + mode + "'");
            }
        }
    }

    /** Starts the S3 server (s3proxy) unless this JVM already has one; only modules that need it start it. */
    public static void ensureS3Started() {
        synchronized (LOCK) {
            if (System.getProperty(S3_ENDPOINT) == null) {
                LocalS3.start();
            }
        }
    }

    public static String s3Endpoint() {
        return System.getProperty(S3_ENDPOINT);
    }

    public static String s3Bucket() {
        return LocalS3.BUCKET;
    }

    public static String s3AccessKey() {
        return System.getProperty(S3_ACCESS_KEY);
    }

    public static String s3SecretKey() {
        try {
            return Files.readString(Path.of(System.getProperty(S3_SECRETS), "s3.secret")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("no secret key of the test S3 server", e);
        }
    }

    /** The directory s3proxy keeps {@code key} of the test bucket in (to tamper with an object as an attacker would). */
    public static Path s3ObjectFile(String key) {
        return Path.of(System.getProperty(S3_DATA), LocalS3.BUCKET).resolve(key);
    }

    /**
     * What a pgvault service needs to use the test S3 server as its store: the {@code pgvault.store.*}
     * settings (store kind s3, endpoint, bucket, path-style, credentials).
     */
    public static Map<String, String> s3StoreConfig() {
        ensureS3Started();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("pgvault.store.kind", "s3");
        config.put("pgvault.store.s3.endpoint", s3Endpoint());
        config.put("pgvault.store.s3.bucket", s3Bucket());
        config.put("pgvault.store.s3.region", "us-east-1");
        config.put("pgvault.store.s3.path-style", "true");
        config.put("pgvault.store.s3.access-key-id", s3AccessKey());
        config.put("pgvault.store.s3.secret-access-key", s3SecretKey());
        return config;
    }

    /** The same settings as environment variables of a service process. */
    public static Map<String, String> s3StoreEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        s3StoreConfig().forEach((key, value) -> env.put(switch (key) {
            case "pgvault.store.kind" -> "PGVAULT_STORE";
            case "pgvault.store.s3.endpoint" -> "PGVAULT_S3_ENDPOINT";
            case "pgvault.store.s3.bucket" -> "PGVAULT_S3_BUCKET";
            case "pgvault.store.s3.region" -> "PGVAULT_S3_REGION";
            case "pgvault.store.s3.path-style" -> "PGVAULT_S3_PATH_STYLE";
            case "pgvault.store.s3.access-key-id" -> "PGVAULT_S3_ACCESS_KEY_ID";
            case "pgvault.store.s3.secret-access-key" -> "PGVAULT_S3_SECRET_ACCESS_KEY";
            default -> throw new IllegalStateException(key);
        }, value));
        return env;
    }

    /**
     * Stops the local Kafka broker's process (drills: the broker goes away while the system runs); the
     * same broker, port and data come back with {@link #startKafkaAgain()}. Local infrastructure only.
     */
    public static void stopKafka() {
        requireLocal("stopping the broker");
        LocalKafka.stop();
    }

    /** Starts the broker {@link #stopKafka()} stopped, on the same port and data; returns once it answers. */
    public static void startKafkaAgain() {
        requireLocal("restarting the broker");
        LocalKafka.restart();
    }

    /**
     * Stops the JVM's test PostgreSQL server (fast shutdown: sessions are terminated, as in a restart);
     * {@link #startPostgres()} brings it back on the same port with the same data. Local mode only.
     */
    public static void stopPostgres() {
        LocalPostgres.stop();
    }

    /** Starts the server {@link #stopPostgres()} stopped. */
    public static void startPostgres() {
        LocalPostgres.start();
    }

    private static void requireLocal(String what) {
        ensureStarted();
        if (!"local".equals(System.getProperty("pgvault.test.infra", "local").toLowerCase(Locale.ROOT))) {
            throw new UnsupportedOperationException(what + " needs -Dpgvault.test.infra=local");
        }
    }

    public static String pgHost() {
        return System.getProperty(PG_HOST);
    }

    public static int pgPort() {
        return Integer.parseInt(System.getProperty(PG_PORT));
    }

    public static String pgUser() {
        return System.getProperty(PG_USER);
    }

    public static String pgPassword() {
        return System.getProperty(PG_PASSWORD);
    }

    /** JDBC URL of {@code database} on the test server. */
    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + pgHost() + ":" + pgPort() + "/" + database;
    }

    public static String kafkaBootstrap() {
        return System.getProperty(KAFKA_BOOTSTRAP);
    }

    /** Whether the test broker wants SASL/SCRAM logins: the local one does, the Testcontainers one does not. */
    public static boolean kafkaSecured() {
        return System.getProperty(KAFKA_SECRETS) != null;
    }

    /** The password of a {@link KafkaAccess} principal on the test broker. */
    public static String kafkaPassword(String principal) {
        String secrets = System.getProperty(KAFKA_SECRETS);
        if (secrets == null) {
            throw new IllegalStateException("the test broker has no passwords: it was started without SASL");
        }
        try {
            return Files.readString(Path.of(secrets, "kafka-" + principal + ".password")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("no password for Kafka principal " + principal, e);
        }
    }

    /** Settings of a Kafka client that logs in to the test broker as {@code principal}. */
    public static Map<String, Object> kafkaClientConfig(String principal) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap());
        if (kafkaSecured()) {
            config.putAll(KafkaAccess.saslConfig(principal, kafkaPassword(principal)));
        }
        return config;
    }

    /** Settings of a Kafka client that logs in as the super user (topics, ACLs, reading any topic). */
    public static Map<String, Object> kafkaAdminConfig() {
        return kafkaClientConfig(KafkaAccess.ADMIN);
    }

    /**
     * What a pgvault service needs to log in to the test broker as its own principal: the variables
     * its configuration reads ({@code kafka.sasl.jaas.config} in the platform's defaults), for a
     * process's environment or a test resource's configuration.
     */
    public static Map<String, String> kafkaServiceEnvironment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGVAULT_KAFKA_USERNAME", service);
        if (kafkaSecured()) {
            if (!KafkaAccess.ADMIN.equals(service)) {
                KafkaAccess.reads(service); // an unknown service fails here, with the list of principals
            }
            env.put("PGVAULT_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
            env.put("PGVAULT_KAFKA_PASSWORD", kafkaPassword(service));
        } else {
            // The JAAS line needs a value to expand; without SASL the client never reads it.
            env.put("PGVAULT_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
            env.put("PGVAULT_KAFKA_PASSWORD", "unused-without-sasl");
        }
        return env;
    }
}
