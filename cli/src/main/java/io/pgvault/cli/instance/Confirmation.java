package io.pgvault.cli.instance;

import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.CommandFailed;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The name check of destructive commands: on a terminal the user types the instance's name (or, with
 * {@code --confirm-name}, answers y); in scripts {@code --confirm-name} is mandatory. {@code --yes} skips the
 * question only, never the name.
 */
final class Confirmation {

    private Confirmation() {}

    /**
     * The name to send as {@code confirmName}.
     *
     * @param given      {@code --confirm-name}, or null
     * @param yes        {@code --yes}
     * @param actualName the instance's name (asked for only on a terminal), for the prompt
     * @param what       what will happen, as a sentence for the prompt
     */
    static String confirmName(CliContext ctx, CommandSpec spec, String given, boolean yes, NameSource actualName,
            String what) {
        boolean tty = ctx.terminal().interactive();
        if (given != null) {
            if (tty && !yes) {
                String answer = ctx.terminal().readLine(what + " Continue? [y/N] ");
                if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).matches("y|yes")) {
                    throw new CommandFailed("cancelled: nothing was changed");
                }
            }
            return given;
        }
        if (!tty) {
            throw new ParameterException(spec.commandLine(),
                    "--confirm-name NAME is needed when not on a terminal (the instance's name, to confirm)");
        }
        if (yes) {
            throw new ParameterException(spec.commandLine(), "--yes skips the question, never the name: add --confirm-name NAME");
        }
        String name = actualName.name();
        String typed = ctx.terminal().readLine(what + " Type the instance's name (" + name + ") to confirm: ");
        if (typed == null || !typed.strip().equals(name)) {
            throw new CommandFailed("the name typed is not '" + name + "': nothing was changed");
        }
        return typed.strip();
    }

    /** Where the instance's name comes from (a GET, made only when the prompt needs it). */
    @FunctionalInterface
    interface NameSource {
        String name();
    }
}
