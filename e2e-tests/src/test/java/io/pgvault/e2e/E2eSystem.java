package io.pgvault.e2e;

import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The three packaged services of an e2e test class, started against the test PostgreSQL and Kafka
 * broker with the embedded issuer ({@link E2eIdentity}), configured as {@link SeedEndToEndTest} starts
 * them, in a directory of its own under {@code target/} (its service logs too), with databases of its own
 * ({@code pgvault_<svc>_<name>}: the first admin is created only in an instance database without users,
 * and another class of this JVM may have made {@code pgvault_instance}'s).
 */
final class E2eSystem implements AutoCloseable {

    final ServiceProcess instanceService;
    final ServiceProcess jobService;
    final ServiceProcess retentionService;
    final List<ServiceProcess> services;
    /** The console in front of the three ({@link #startWithConsole}), else null. */
    final ServiceProcess console;
    final Path storeRoot;
    final Path restoreRoot;
    final Path secrets;
    final E2eIdentity identity;

    private E2eSystem(Path root, Path work, String name, boolean withConsole) throws IOException {
        storeRoot = Files.createDirectories(work.resolve("vault"));
        restoreRoot = Files.createDirectories(work.resolve("restores"));
        secrets = Files.createDirectories(work.resolve("secrets"));
        instanceService = new ServiceProcess("instance-service", root, work);
        jobService = new ServiceProcess("job-service", root, work);
        retentionService = new ServiceProcess("retention-service", root, work);
        services = List.of(instanceService, jobService, retentionService);
        console = withConsole ? new ServiceProcess("console", root, work).asConsole()
                .env("PGVAULT_INSTANCE_URL", instanceService.url()).env("PGVAULT_JOB_URL", jobService.url())
                .env("PGVAULT_RETENTION_URL", retentionService.url()) : null;
        for (ServiceProcess s : services) {
            String db = database(s, name);
            s.sys("quarkus.datasource.username", TestInfra.pgUser())
                    .sys("quarkus.datasource.reactive.url",
                            "postgresql://" + TestInfra.pgHost() + ":" + TestInfra.pgPort() + "/" + db)
                    .sys("quarkus.datasource.jdbc.url", TestInfra.jdbcUrl(db))
                    .env("KAFKA_BOOTSTRAP_SERVERS", TestInfra.kafkaBootstrap())
                    .env("PGVAULT_STORE_ROOT", storeRoot.toString())
                    .env("PGVAULT_RESTORE_ROOT", restoreRoot.toString())
                    .env("PGVAULT_SECRETS_DIR", secrets.toString())
                    .env("PGVAULT_JOB_DATA_DIR", work.resolve("job").toString())
                    .env("PGVAULT_JOB_URL", jobService.url())
                    .env("PGVAULT_RETENTION_URL", retentionService.url());
            if (TestInfra.pgPassword() != null) {
                s.env("PGVAULT_DB_PASSWORD", TestInfra.pgPassword());
            }
        }
        identity = E2eIdentity.configure(secrets, instanceService, services);
        instanceService.sys("pgvault.instance.min-retention", "PT1S")
                .sys("pgvault.instance.min-schedule-interval", "PT1S")
                .sys("pgvault.instance.scheduler.every", "1s");
        jobService.sys("pgvault.job.heartbeat-interval", "1s")
                .sys("pgvault.job.stale-after", "10s")
                .sys("pgvault.job.reaper-interval", "2s");
        retentionService.env("PGVAULT_RETENTION_SWEEP_INTERVAL", "1s")
                .env("PGVAULT_RETENTION_GRACE", "PT0S");
    }

    /**
     * Starts the infrastructure (if this JVM has not yet), the services' databases and the three services,
     * each waited for (bounded) until ready. {@code name} (lower case) names the run's directory under
     * {@code target/} and ends its database names.
     */
    static E2eSystem start(String name) throws IOException {
        return start(name, false);
    }

    /** As {@link #start(String)}, then the console in front of the three services, waited for until ready. */
    static E2eSystem startWithConsole(String name) throws IOException {
        return start(name, true);
    }

    private static E2eSystem start(String name, boolean withConsole) throws IOException {
        Instant t0 = Instant.now();
        Path root = Path.of(System.getProperty("pgvault.root", "..")).toAbsolutePath().normalize();
        Path target = Path.of(System.getProperty("pgvault.e2e.target", "target")).toAbsolutePath();
        Files.createDirectories(target);
        TestInfra.ensureStarted();
        E2eSystem system = new E2eSystem(root, Files.createTempDirectory(target, "e2e-" + name + "-"), name, withConsole);
        for (ServiceProcess s : system.services) {
            PgVaultTestResource.createDatabaseIfMissing(database(s, name));
        }
        system.services.forEach(ServiceProcess::start);
        for (ServiceProcess s : system.services) {
            s.awaitReady(Duration.ofSeconds(120));
        }
        System.out.printf("e2e: three services up in %d s (%s %s, %s %s, %s %s)%n",
                Duration.between(t0, Instant.now()).toSeconds(), system.instanceService.name,
                system.instanceService.url(), system.jobService.name, system.jobService.url(),
                system.retentionService.name, system.retentionService.url());
        if (system.console != null) {
            system.console.start();
            system.console.awaitReady(Duration.ofSeconds(60));
            System.out.printf("e2e: console up at %s%n", system.console.url());
        }
        return system;
    }

    private static String database(ServiceProcess service, String name) {
        return "pgvault_" + service.name.replace("-service", "") + "_" + name;
    }

    /** The last {@code lines} of each service's log, for a failed test. */
    String tails(int lines) {
        StringBuilder out = new StringBuilder();
        List<ServiceProcess> all = console == null ? services
                : java.util.stream.Stream.concat(services.stream(), java.util.stream.Stream.of(console)).toList();
        for (ServiceProcess s : all) {
            out.append("\n======== ").append(s.name).append(" (last ").append(lines).append(" lines of ")
                    .append(s.log).append(") ========\n").append(s.tail(lines));
        }
        return out.toString();
    }

    @Override
    public void close() {
        if (console != null) {
            console.stop();
        }
        services.forEach(ServiceProcess::stop);
    }
}
