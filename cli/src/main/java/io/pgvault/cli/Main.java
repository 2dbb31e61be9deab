package io.pgvault.cli;

import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.Terminal;
import java.time.Clock;
import java.time.Duration;

/** {@code bin/pgvault}: runs one command with the process's environment, streams and terminal. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        CliContext ctx = new CliContext(System.getenv(), System.in, System.out, System.err, Terminal.system(),
                Clock.systemUTC(), System.getProperty("user.home"), Duration.ofSeconds(1));
        System.exit(Cli.run(ctx, args));
    }
}
