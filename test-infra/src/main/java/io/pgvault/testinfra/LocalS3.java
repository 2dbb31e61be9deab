package io.pgvault.testinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An S3 server (s3proxy with its filesystem backend) on a random loopback port, run as its own process
 * from the jar the s3-server module resolved (never on a test's class path: it brings its own Jetty).
 * It checks real AWS signatures with random credentials per run; the bucket exists from the start.
 * Ready in ≈ 3 s at ≈ 110 MB.
 */
final class LocalS3 {

    static final String BUCKET = "pgvault-test";
    private static final int READY_SECONDS = 60;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private LocalS3() {}

    static void start() {
        long t0 = System.nanoTime();
        String jar = jar();
        int port = Processes.freePort();
        String endpoint = "http://127.0.0.1:" + port;
        try {
            Path dir = Files.createTempDirectory("pgvault-test-s3-", Processes.OWNER_ONLY_DIR);
            Path data = Files.createDirectory(dir.resolve("data"), Processes.OWNER_ONLY_DIR);
            // The filesystem backend's buckets are the directories of its base directory.
            Files.createDirectory(data.resolve(BUCKET), Processes.OWNER_ONLY_DIR);
            String accessKey = "pgvault" + random(12);
            String secretKey = random(40);
            Path secrets = Files.createDirectory(dir.resolve("secrets"), Processes.OWNER_ONLY_DIR);
            Processes.writePrivate(secrets.resolve("s3.secret"), secretKey + "\n");
            Path props = dir.resolve("s3proxy.properties");
            Processes.writePrivate(props, String.join("\n",
                    "s3proxy.endpoint=" + endpoint,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + accessKey,
                    "s3proxy.credential=" + secretKey,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data,
                    ""));
            Path log = dir.resolve("s3proxy.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", jar, "--properties", props.toString()));
            Process server = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.destroy();
                try {
                    if (!server.waitFor(10, TimeUnit.SECONDS)) {
                        server.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    server.destroyForcibly();
                }
                Processes.deleteTree(dir);
            }, "pgvault-test-s3-stop"));
            awaitReady(endpoint, server, log);
            System.setProperty(TestInfra.S3_DATA, data.toString());
            System.setProperty(TestInfra.S3_ACCESS_KEY, accessKey);
            System.setProperty(TestInfra.S3_SECRETS, secrets.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test S3 server", e);
        }
        System.setProperty(TestInfra.S3_ENDPOINT, endpoint);
        System.out.printf("pgvault test-infra: S3 (s3proxy, bucket %s) on %s ready in %.1f s%n", BUCKET, endpoint,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Any HTTP answer (an anonymous request is refused with 403) means the server listens. */
    private static void awaitReady(String endpoint, Process server, Path log) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (true) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the test S3 server exited during start-up; see " + log);
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint + "/").toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                int status = connection.getResponseCode();
                connection.disconnect();
                if (status > 0) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the test S3 server did not answer within " + READY_SECONDS + " s; see " + log);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String random(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** The s3proxy jar, whose path the s3-server module writes when it is built. */
    private static String jar() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("pgvault.s3proxy.classpath-file");
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        String root = System.getProperty("pgvault.root");
        if (root != null) {
            candidates.add(Path.of(root, "s3-server", "target", "s3proxy-classpath.txt"));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve("s3-server/target/s3proxy-classpath.txt"));
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
        throw new IllegalStateException("no s3proxy jar: build the s3-server module first"
                + " (mvn -pl s3-server generate-resources); looked at " + candidates.subList(0, Math.min(3, candidates.size())));
    }
}
