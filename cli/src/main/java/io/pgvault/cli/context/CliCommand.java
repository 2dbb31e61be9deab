package io.pgvault.cli.context;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgvault.cli.http.Api;
import io.pgvault.cli.json.JsonTrees;
import io.pgvault.cli.lookup.Lookup;
import io.pgvault.cli.output.Output;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that calls the API: the context, its client, output and look-ups, and an exit code to answer. */
public abstract class CliCommand implements Callable<Integer> {

    protected final CliContext ctx;

    @Spec
    protected CommandSpec spec;

    protected CliCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    protected Api api() {
        return ctx.api();
    }

    protected Output output() {
        return ctx.output();
    }

    protected Lookup lookup() {
        return new Lookup(ctx.api());
    }

    protected ObjectNode object() {
        return JsonTrees.object();
    }

    /** A usage error (exit 2) naming what is wrong, with this command's usage. */
    protected ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A message for people on standard error (never mixed with the JSON on standard output). */
    protected void note(String line) {
        ctx.err().println(line);
        ctx.err().flush();
    }
}
