package io.pgvault.cli.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgvault.cli.http.Api;
import io.pgvault.cli.json.JsonTrees;
import io.pgvault.cli.lookup.Lookup;
import io.pgvault.cli.output.Output;
import io.pgvault.cli.output.View;
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

    /** Prints an answer in the chosen format and ends the command with success. */
    protected int show(JsonNode answer, View view) {
        output().print(answer, view);
        return ExitCode.OK;
    }

    /** A time option ({@code 2026-12-01T10:00:00Z}, {@code 2026-12-01} or an age such as {@code 7d}) as an instant, or null. */
    protected String instant(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return TimeArgs.parse(value, ctx.clock().instant()).toString();
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }
}
