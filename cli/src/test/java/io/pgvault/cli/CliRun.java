package io.pgvault.cli;

import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.Terminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the command line in-process with a given environment, standard input and terminal; captures what it prints. */
public final class CliRun {

    /** The tests' "now". */
    public static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";
    private Terminal terminal = Terminal.NONE;

    /**
     * What a run printed and answered.
     *
     * @param exitCode the exit code
     * @param out      standard output
     * @param err      standard error
     */
    public record Result(int exitCode, String out, String err) {}

    /** A run whose sign-in lives in {@code configHome} and that reaches every service at {@code server}. */
    public static CliRun against(String server, Path configHome) {
        CliRun run = new CliRun();
        run.env.put("XDG_CONFIG_HOME", configHome.toString());
        if (server != null) {
            run.env.put("PGVAULT_SERVER", server);
        }
        return run;
    }

    public CliRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public CliRun stdin(String text) {
        stdin = text;
        return this;
    }

    /** A terminal that answers the prompts with these lines, in order. */
    public CliRun terminal(String... answers) {
        Deque<String> lines = new ArrayDeque<>(List.of(answers));
        terminal = new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String readLine(String prompt) {
                return lines.poll();
            }

            @Override
            public char[] readPassword(String prompt) {
                String line = lines.poll();
                return line == null ? null : line.toCharArray();
            }
        };
        return this;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = context(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = Cli.run(ctx, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The context a run would use, for tests that parse without running. */
    public CliContext context(PrintStream out, PrintStream err) {
        return new CliContext(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, terminal,
                Clock.fixed(NOW, ZoneOffset.UTC), System.getProperty("java.io.tmpdir"), Duration.ofMillis(5));
    }
}
