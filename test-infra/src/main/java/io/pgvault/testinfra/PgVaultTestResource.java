package io.pgvault.testinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Points a service under {@code @QuarkusTest} at the JVM's test PostgreSQL (its own database,
 * named by the {@code database} argument) and the test Kafka broker, where it logs in as its own
 * principal: the one named by its {@code quarkus.application.name}, so its tests run with exactly
 * the ACLs it has in production.
 *
 * <pre>{@code @QuarkusTestResource(value = PgVaultTestResource.class,
 *     initArgs = @ResourceArg(name = "database", value = "pgvault_job"))}</pre>
 */
public class PgVaultTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "pgvault_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        TestInfra.ensureStarted();
        createDatabaseIfMissing(database);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.username", TestInfra.pgUser());
        config.put("quarkus.datasource.password", TestInfra.pgPassword());
        config.put("quarkus.datasource.jdbc.url", TestInfra.jdbcUrl(database));
        config.put("quarkus.datasource.reactive.url",
                "postgresql://" + TestInfra.pgHost() + ":" + TestInfra.pgPort() + "/" + database);
        config.put("kafka.bootstrap.servers", TestInfra.kafkaBootstrap());
        config.putAll(TestInfra.kafkaServiceEnvironment(kafkaPrincipal()));
        config.put(TestInfra.PG_HOST, TestInfra.pgHost());
        config.put(TestInfra.PG_PORT, String.valueOf(TestInfra.pgPort()));
        config.put(TestInfra.PG_USER, TestInfra.pgUser());
        config.put(TestInfra.PG_BIN, System.getProperty(TestInfra.PG_BIN));
        config.put(TestInfra.KAFKA_BOOTSTRAP, TestInfra.kafkaBootstrap());
        return config;
    }

    @Override
    public void stop() {
        // The server and broker outlive one Quarkus application: they stop with the JVM.
    }

    /**
     * The Kafka principal of the application under test: its {@code pgvault.test.kafka-principal} when set
     * (platform-tests' application writes every topic, as no service may, so it is the admin), else its name.
     */
    static String kafkaPrincipal() {
        String override = property("pgvault.test.kafka-principal");
        return override != null ? override : applicationName();
    }

    /**
     * The service under test: {@code quarkus.application.name} of the first {@code application.properties}
     * on the class path that sets it (the service's own; test-infra and platform ship none).
     */
    static String applicationName() {
        String name = property("quarkus.application.name");
        if (name == null) {
            throw new IllegalStateException("no quarkus.application.name in any application.properties on the class path:"
                    + " PgVaultTestResource logs the service in to Kafka as the principal of that name");
        }
        return name;
    }

    /** {@code key} from the first {@code application.properties} on the class path that sets it, or null. */
    private static String property(String key) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = PgVaultTestResource.class.getClassLoader();
        }
        try {
            Enumeration<URL> files = loader.getResources("application.properties");
            while (files.hasMoreElements()) {
                Properties properties = new Properties();
                try (InputStream in = files.nextElement().openStream()) {
                    properties.load(in);
                }
                String value = properties.getProperty(key);
                if (value != null && !value.isBlank()) {
                    return value.trim();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }

    /** Creates {@code name} on the test server unless it exists. */
    public static void createDatabaseIfMissing(String name) {
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl("postgres"), TestInfra.pgUser(), TestInfra.pgPassword());
                PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("create database \"" + name.replace("\"", "\"\"") + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
    }
}
