package io.pgvault.testinfra;

import java.util.Locale;

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
 * (Quarkus loads tests and test resources in different class loaders).
 */
public final class TestInfra {

    public static final String PG_HOST = "pgvault.test.pg.host";
    public static final String PG_PORT = "pgvault.test.pg.port";
    public static final String PG_USER = "pgvault.test.pg.user";
    public static final String PG_PASSWORD = "pgvault.test.pg.password";
    public static final String PG_BIN = "pgvault.test.pg.bin";
    public static final String KAFKA_BOOTSTRAP = "pgvault.test.kafka.bootstrap";

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
                    LocalPostgres.start();
                    LocalKafka.start();
                }
                case "testcontainers" -> Containers.start();
                default -> throw new IllegalStateException(
                        "pgvault.test.infra must be 'local' or 'testcontainers', not '" + mode + "'");
            }
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
}
