package io.pgvault.cli;

import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.Failures;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;

/** Builds the command line for a context and runs it: the one entry point of {@link Main} and of the tests. */
public final class Cli {

    private Cli() {}

    /** The parser and commands, wired to the context (commands take it in their constructor). */
    public static CommandLine commandLine(CliContext ctx) {
        CommandLine cl = new CommandLine(new PgvaultCommand(ctx), new ContextFactory(ctx));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(ctx.out(), true));
        cl.setErr(new PrintWriter(ctx.err(), true));
        cl.setExecutionStrategy(parseResult -> {
            try {
                ctx.validateGlobalOptions();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(parseResult.commandSpec().commandLine(), "--query: " + e.getMessage(), e);
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Failures.describe(ex).forEach(line -> ctx.err().println(commandLine.getColorScheme().errorText(line)));
            ctx.err().flush();
            return Failures.exitCode(ex);
        });
        return cl;
    }

    /** Runs one command; answers its exit code. */
    public static int run(CliContext ctx, String... args) {
        int code = commandLine(ctx).execute(args);
        ctx.out().flush();
        return code;
    }

    private record ContextFactory(CliContext ctx) implements IFactory {

        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> withContext = cls.getDeclaredConstructor(CliContext.class);
                withContext.setAccessible(true);
                return withContext.newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
