package io.pgvault.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A throwaway PostgreSQL cluster on a random port, made with the machine's initdb (≈ 2 s). */
final class LocalPostgres {

    static final String DATA = "pgvault.test.pg.data";
    static final String LOG = "pgvault.test.pg.log";
    static final String OPTIONS = "pgvault.test.pg.options";

    private LocalPostgres() {}

    /** Stops the running cluster at once, as a crash or a restart would ({@code pg_ctl stop -m fast}). */
    static void stop() {
        pgCtl("-m", "fast", "-w", "-t", "60", "stop");
    }

    /** Starts the cluster stop() stopped, on the same port and data directory. */
    static void start() {
        pgCtl("-l", System.getProperty(LOG), "-w", "-t", "60", "-o", System.getProperty(OPTIONS), "start");
    }

    private static void pgCtl(String... arguments) {
        String data = System.getProperty(DATA);
        if (data == null) {
            throw new IllegalStateException("no local test PostgreSQL in this JVM (pgvault.test.infra=local starts one)");
        }
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty(TestInfra.PG_BIN), "pg_ctl")
                .toString(), "-D", data));
        command.addAll(Arrays.asList(arguments));
        Processes.run(Processes.asPostgresUser(command), Path.of(System.getProperty(LOG)), 90);
    }

    /** Makes and starts a new cluster on a free port, and publishes where it is. */
    static void create() {
        Path bin = binDir();
        int port = Processes.freePort();
        try {
            Path dir = Files.createTempDirectory("pgvault-test-pg-");
            Path data = dir.resolve("data");
            Path log = dir.resolve("postgres.log");
            Files.createFile(log);
            if (Processes.runningAsRoot()) {
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
                Files.setOwner(log, postgres);
            }
            Processes.run(Processes.asPostgresUser(List.of(
                    bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")), log, 120);
            String options = "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir
                    + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
            // published for stop()/start(), which a test may call from another class loader
            System.setProperty(DATA, data.toString());
            System.setProperty(LOG, log.toString());
            System.setProperty(OPTIONS, options);
            Processes.run(Processes.asPostgresUser(List.of(
                    bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                    "-o", options, "start")), log, 90);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Processes.run(Processes.asPostgresUser(List.of(
                            bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop")),
                            log, 30);
                } finally {
                    Processes.deleteTree(dir);
                }
            }, "pgvault-test-postgres-stop"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the test PostgreSQL cluster", e);
        }
        System.setProperty(TestInfra.PG_HOST, "127.0.0.1");
        System.setProperty(TestInfra.PG_PORT, String.valueOf(port));
        System.setProperty(TestInfra.PG_USER, "postgres");
        System.setProperty(TestInfra.PG_PASSWORD, "postgres");
        System.setProperty(TestInfra.PG_BIN, bin.toString());
    }

    /** $PGVAULT_PG_BIN, else the newest /usr/lib/postgresql/N/bin that has initdb. */
    static Path binDir() {
        String configured = System.getenv("PGVAULT_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        Optional<Path> newest = Optional.empty();
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(LocalPostgres::majorOf));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return newest.orElseThrow(() -> new IllegalStateException(
                "no PostgreSQL server binaries (initdb) found under /usr/lib/postgresql: run scripts/test,"
                        + " which installs them, or set PGVAULT_PG_BIN"));
    }

    private static int majorOf(Path bin) {
        String name = bin.getParent().getFileName().toString();
        return Arrays.stream(name.split("\\D+")).filter(s -> !s.isEmpty()).findFirst().map(Integer::parseInt).orElse(0);
    }
}
