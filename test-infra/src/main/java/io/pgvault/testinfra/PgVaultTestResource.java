package io.pgvault.testinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a service under {@code @QuarkusTest} at the JVM's test PostgreSQL (its own database,
 * named by the {@code database} argument) and the test Kafka broker.
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
