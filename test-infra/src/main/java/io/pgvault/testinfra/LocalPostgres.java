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

    /** The running cluster of this JVM, for {@link #stop()} and {@link #restart()}; null until started. */
    private static List<String> pgCtlStart;
    private static List<String> pgCtlStop;
    private static Path serverLog;
    private static Path binDir;
    private static Path dataDir;

    private LocalPostgres() {}

    static void start() {
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
            pgCtlStart = Processes.asPostgresUser(List.of(
                    bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                    "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                    "start"));
            pgCtlStop = Processes.asPostgresUser(List.of(
                    bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
            serverLog = log;
            binDir = bin;
            dataDir = data;
            Processes.run(pgCtlStart, log, 90);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    if (isRunning(bin, data)) {
                        Processes.run(pgCtlStop, log, 30);
                    }
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

    /**
     * Stops the cluster as a crash would ({@code pg_ctl stop -m immediate}: every connection dropped, no
     * checkpoint); the same port and data come back with {@link #restart()}.
     */
    static synchronized void stop() {
        if (pgCtlStop == null) {
            throw new IllegalStateException("the test PostgreSQL cluster was never started");
        }
        Processes.run(pgCtlStop, serverLog, 30);
    }

    /** Starts the stopped cluster again on the same port and data, and waits until it accepts connections; running, it stays. */
    static synchronized void restart() {
        if (pgCtlStart == null) {
            throw new IllegalStateException("the test PostgreSQL cluster was never started");
        }
        if (isRunning(binDir, dataDir)) {
            return;
        }
        Processes.run(pgCtlStart, serverLog, 90);
    }

    private static boolean isRunning(Path bin, Path data) {
        try {
            Process status = new ProcessBuilder(Processes.asPostgresUser(List.of(
                    bin.resolve("pg_ctl").toString(), "-D", data.toString(), "status")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return status.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && status.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
