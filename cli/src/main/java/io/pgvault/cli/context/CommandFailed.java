package io.pgvault.cli.context;

/** The command stopped on its own (the user said no, a wait ran out): exit 1 with this message. */
public class CommandFailed extends RuntimeException {

    public CommandFailed(String message) {
        super(message);
    }
}
