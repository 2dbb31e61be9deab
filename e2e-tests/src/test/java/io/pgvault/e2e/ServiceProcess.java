package io.pgvault.e2e;

import static org.awaitility.Awaitility.await;

import io.pgvault.testinfra.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged pgvault service ({@code <svc>/target/quarkus-app/quarkus-run.jar}) run as a separate
 * JVM on a free port, its output appended to {@code <work dir>/<svc>.log}. It logs in to the
 * test broker as its own Kafka principal (named after the service), with the password in its
 * environment, never on its command line.
 */
public final class ServiceProcess {

    public final String name;
    public final int port;
    public final Path log;
    private final Path jar;
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String heap = null; // the services' own flags: config/jvm/service.args
    private final Path jvmArgs;
    private final List<String> extraJvm = new ArrayList<>();
    private boolean kafkaClient = true;
    private Process process;

    ServiceProcess(String name, Path root, Path targetDir) {
        this(root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize(),
                name, targetDir.resolve(name + ".log"), root.resolve("config/jvm/service.args").toAbsolutePath());
    }

    private ServiceProcess(Path jar, String name, Path log, Path jvmArgs) {
        this.name = name;
        this.jvmArgs = jvmArgs;
        this.port = freePort();
        this.jar = jar;
        this.log = log;
        try {
            Files.deleteIfExists(log); // one run's log; restarts within the run append
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isRegularFile(this.jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first "
                    + "(mvn -B -o package -DskipTests -pl instance-service,job-service,retention-service)");
        }
        sys("quarkus.http.port", String.valueOf(port));
    }

    /**
     * A second (third, ...) replica of this service: the same jar, settings and Kafka principal, its own
     * free port and log ({@code <svc>-<n>.log}); not started.
     */
    public ServiceProcess replica(int n) {
        ServiceProcess replica = new ServiceProcess(jar, name, log.resolveSibling(name + "-" + n + ".log"), jvmArgs);
        replica.extraJvm.addAll(extraJvm);
        systemProperties.forEach((k, v) -> {
            if (!"quarkus.http.port".equals(k)) {
                replica.sys(k, v);
            }
        });
        environment.forEach(replica::env);
        return replica;
    }

    public ServiceProcess sys(String key, String value) {
        systemProperties.put(key, value);
        return this;
    }

    /** A further JVM flag (after the services' own, so it wins), e.g. native memory tracking for the benchmark. */
    public ServiceProcess jvm(String flag) {
        extraJvm.add(flag);
        return this;
    }

    public ServiceProcess env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    /**
     * The console: no Kafka principal (it talks HTTP only) and the small heap it runs with in production
     * ({@code scripts/run}).
     */
    ServiceProcess asConsole() {
        kafkaClient = false;
        heap = "-Xmx96m";
        return this;
    }

    /** The process id, for its resident memory (/proc/&lt;pid&gt;/status). */
    public long pid() {
        return process.pid();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The flags scripts/run starts the services with (the console: its own small heap, as in scripts/run).
        command.add("@" + jvmArgs);
        if (heap != null) {
            command.add(heap);
        }
        if (!Boolean.getBoolean("pgvault.e2e.full-jit")) {
            command.add("-XX:TieredStopAtLevel=1"); // start-up time over peak speed in tests; not in the benchmark
        }
        command.addAll(extraJvm);
        systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (kafkaClient) {
            builder.environment().putAll(TestInfra.kafkaServiceEnvironment(name));
        }
        builder.environment().put("MALLOC_ARENA_MAX", "2"); // as scripts/run: see config/jvm/service.args
        builder.environment().putAll(environment);
        try {
            Files.writeString(log, "---- starting " + name + " on port " + port + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Waits (bounded) until {@code /q/health/ready} answers 200; fails at once if the JVM died. */
    public void awaitReady(Duration atMost) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        await(name + " ready on " + url()).atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(40));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGSTOP: the process stays, frozen (a long GC pause, a stalled host), until {@link #resume()}. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL, as a crash would: no shutdown hooks run. */
    public void kill9() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public String tail(int lines) {
        try {
            if (!Files.exists(log)) {
                return "(no log)";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
