package io.pgvault.cli.context;

import picocli.CommandLine.Option;

/** {@code --idempotency-key}, on every command that changes something. */
public final class IdempotencyOption {

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Sent as Idempotency-Key, so a retry with the same key changes nothing twice. "
                    + "Default: a new key, printed on standard error.")
    String key;

    /** The key to send: the one given, or a new one that is printed. */
    public String resolve(CliContext ctx) {
        return ctx.idempotencyKey(key);
    }
}
