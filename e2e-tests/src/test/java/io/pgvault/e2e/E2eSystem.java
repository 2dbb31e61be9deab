package io.pgvault.e2e;

import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The three packaged services of an e2e test class, started against the test PostgreSQL and Kafka
 * broker with the embedded issuer ({@link E2eIdentity}), configured as {@link SeedEndToEndTest} starts
 * them, in a directory of its own under {@code target/} (its service logs too), with databases of its own
 * ({@code pgvault_<svc>_<name>}: the first admin is created only in an instance database without users,
 * and another class of this JVM may have made {@code pgvault_instance}'s).
 *
 * <p>With replicas (the drills), each service runs as that many processes on different ports against the
 * same database, broker and store; the first of each starts first (the first admin is created once), and
 * job-service replicas get a data directory each.
 */
public final class E2eSystem implements AutoCloseable {

    public final ServiceProcess instanceService;
    public final ServiceProcess jobService;
    public final ServiceProcess retentionService;
    /** The first replica of each service. */
    public final List<ServiceProcess> services;
    /** Every further replica (none unless started with replicas), in service order. */
    public final List<ServiceProcess> replicas = new ArrayList<>();
    /** The console in front of the three ({@link #startWithConsole}), else null. */
    ServiceProcess console;
    public final Path work;
    public final Path storeRoot;
    public final Path restoreRoot;
    public final Path secrets;
    public final E2eIdentity identity;
    private final String name;
    /** The key prefix of this run's points in the test bucket. */
    public final String s3Prefix;
    /** Where the test S3 server keeps this run's objects: {@code {instanceId}/{pointId}/{name}} below it. */
    public final Path s3Root;

    private E2eSystem(Path root, Path work, String name) throws IOException {
        this.work = work;
        this.name = name;
        storeRoot = Files.createDirectories(work.resolve("vault"));
        restoreRoot = Files.createDirectories(work.resolve("restores"));
        secrets = Files.createDirectories(work.resolve("secrets"));
        instanceService = new ServiceProcess("instance-service", root, work);
        jobService = new ServiceProcess("job-service", root, work);
        retentionService = new ServiceProcess("retention-service", root, work);
        services = List.of(instanceService, jobService, retentionService);
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
        // The store is the test s3proxy (a prefix of this run's own), encrypted under a keyset made for the run.
        this.s3Prefix = "e2e-" + name + "-" + work.getFileName();
        for (ServiceProcess s : List.of(jobService, retentionService)) {
            TestInfra.s3StoreEnvironment().forEach(s::env);
            s.env("PGVAULT_S3_PREFIX", s3Prefix);
        }
        this.s3Root = TestInfra.s3ObjectFile(s3Prefix);
        jobService.env("PGVAULT_MASTER_KEYSET", secrets.resolve("master.keyset.json").toString())
                .env("PGVAULT_MASTER_KEYSET_CREATE", "true")
                // verifications restore on the throwaway cluster (its password is the restore target's secret file)
                .env("PGVAULT_VERIFY_HOST", TestInfra.pgHost()).env("PGVAULT_VERIFY_PORT", String.valueOf(TestInfra.pgPort()))
                .env("PGVAULT_VERIFY_USER", TestInfra.pgUser());
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
    public static E2eSystem start(String name) throws IOException {
        return start(name, 1, system -> { });
    }

    /**
     * As {@link #start(String)}, with {@code replicas} processes of each service; {@code configure} may change
     * the first replicas' settings before anything starts (the further replicas copy them).
     */
    public static E2eSystem start(String name, int replicas, Consumer<E2eSystem> configure) throws IOException {
        Instant t0 = Instant.now();
        Path root = Path.of(System.getProperty("pgvault.root", "..")).toAbsolutePath().normalize();
        Path target = Path.of(System.getProperty("pgvault.e2e.target", "target")).toAbsolutePath();
        Files.createDirectories(target);
        TestInfra.ensureStarted();
        E2eSystem system = new E2eSystem(root, Files.createTempDirectory(target, "e2e-" + name + "-"), name);
        configure.accept(system);
        for (ServiceProcess s : system.services) {
            PgVaultTestResource.createDatabaseIfMissing(database(s, name));
        }
        system.services.forEach(ServiceProcess::start);
        for (ServiceProcess s : system.services) {
            s.awaitReady(Duration.ofSeconds(120));
        }
        // made now, not with the first ones: a free port picked a minute before may be taken meanwhile
        for (int n = 2; n <= replicas; n++) {
            for (ServiceProcess s : system.services) {
                ServiceProcess replica = s.replica(n);
                if (s == system.jobService) {
                    replica.env("PGVAULT_JOB_DATA_DIR", system.work.resolve("job-" + n).toString());
                }
                system.replicas.add(replica);
            }
        }
        system.replicas.forEach(ServiceProcess::start);
        for (ServiceProcess s : system.replicas) {
            s.awaitReady(Duration.ofSeconds(120));
        }
        System.out.printf("e2e: three services up in %d s (%s %s, %s %s, %s %s)%n",
                Duration.between(t0, Instant.now()).toSeconds(), system.instanceService.name,
                system.instanceService.url(), system.jobService.name, system.jobService.url(),
                system.retentionService.name, system.retentionService.url());
        return system;
    }

    /**
     * As {@link #start(String)}, then the console in front of the three services (no Kafka, -Xmx96m), waited for
     * until ready.
     */
    static E2eSystem startWithConsole(String name) throws IOException {
        E2eSystem system = start(name);
        Path root = Path.of(System.getProperty("pgvault.root", "..")).toAbsolutePath().normalize();
        system.console = new ServiceProcess("console", root, system.work).asConsole()
                .env("PGVAULT_INSTANCE_URL", system.instanceService.url()).env("PGVAULT_JOB_URL", system.jobService.url())
                .env("PGVAULT_RETENTION_URL", system.retentionService.url());
        system.console.start();
        system.console.awaitReady(Duration.ofSeconds(60));
        System.out.printf("e2e: console up at %s%n", system.console.url());
        return system;
    }

    /** Every process of the system: the first replicas, then the others, then the console (if any). */
    public List<ServiceProcess> all() {
        List<ServiceProcess> all = new ArrayList<>(services);
        all.addAll(replicas);
        if (console != null) {
            all.add(console);
        }
        return all;
    }

    /** The database of {@code service} (any replica of it) in this system. */
    public String databaseOf(ServiceProcess service) {
        return database(service, name);
    }

    private static String database(ServiceProcess service, String name) {
        return "pgvault_" + service.name.replace("-service", "") + "_" + name;
    }

    /** The last {@code lines} of each service's log, for a failed test. */
    public String tails(int lines) {
        StringBuilder out = new StringBuilder();
        for (ServiceProcess s : all()) {
            out.append("\n======== ").append(s.name).append(" (last ").append(lines).append(" lines of ")
                    .append(s.log).append(") ========\n").append(s.tail(lines));
        }
        return out.toString();
    }

    @Override
    public void close() {
        all().forEach(ServiceProcess::stop);
    }
}
