package io.pgvault.cli;

import com.sun.net.httpserver.HttpServer;
import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.Terminal;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code pgvault __warmup} (hidden): runs typical commands in-process against a throwaway loopback server, so that
 * {@code bin/pgvault} can record the classes they load in a class-data sharing archive and start faster afterwards.
 */
@Command(name = "__warmup", hidden = true)
final class Warmup implements Callable<Integer> {

    private static final String ID = "00000000-0000-0000-0000-000000000001";
    private static final String SAMPLE = "{\"items\":[{\"id\":\"" + ID + "\",\"name\":\"warmup\",\"status\":\"COMPLETED\","
            + "\"operation\":\"BACKUP\",\"percent\":100,\"bytes\":1024,\"durationMs\":1200,"
            + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"finishedAt\":\"2026-01-01T00:00:01Z\"}],"
            + "\"id\":\"" + ID + "\",\"name\":\"warmup\",\"status\":\"COMPLETED\",\"createdAt\":\"2026-01-01T00:00:00Z\","
            + "\"subTasks\":[{\"position\":0,\"kind\":\"GLOBALS\",\"status\":\"COMPLETED\",\"bytes\":10}],\"total\":1}";

    @Override
    public Integer call() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = SAMPLE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            String[][] commands = {
                {"--help"},
                {"backup-instance", "restore", "--help"},
                {"completion", "bash"},
                {"--server", url, "job", "list"},
                {"--server", url, "job", "show", ID},
                {"--server", url, "backup-instance", "show", ID, "-o", "yaml"},
                {"--server", url, "backup-policy", "show", ID, "-o", "json", "--query", "name"},
                {"--server", url, "recovery-point", "show", ID},
                {"--server", "http://127.0.0.1:1", "backup-instance", "list"},
            };
            for (String[] args : commands) {
                Cli.run(context(), args);
            }
        } finally {
            server.stop(0);
        }
        return 0;
    }

    private static CliContext context() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return new CliContext(Map.of("XDG_CONFIG_HOME", System.getProperty("java.io.tmpdir") + "/pgvault-warmup-none"),
                new ByteArrayInputStream(new byte[0]), nowhere, nowhere, Terminal.NONE, Clock.systemUTC(),
                System.getProperty("java.io.tmpdir"), Duration.ofMillis(1));
    }
}
