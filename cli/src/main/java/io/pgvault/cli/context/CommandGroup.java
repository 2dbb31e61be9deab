package io.pgvault.cli.context;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A group of commands ({@code pgvault job}): run alone, it is a usage error that lists its commands. */
public abstract class CommandGroup implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is missing: one of " + spec.subcommands().keySet());
    }
}
