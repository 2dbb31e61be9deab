package io.pgvault.cli;

import io.pgvault.cli.completion.CompletionCommand;
import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.Failures;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;

/**
 * Builds the command line for a context and runs it: the one entry point of {@link Main} and of the tests.
 *
 * <p>Picocli reads every command's annotations when the command is registered, which is most of a command's start-up
 * time; so a run registers only what its arguments name: {@code pgvault job list} builds {@code job list} alone,
 * {@code pgvault job --help} the commands of {@code job}, {@code pgvault --help} the top-level commands.
 * {@code completion} and anything unrecognised get the whole tree.
 */
public final class Cli {

    /** Options of the top-level command that take a value, to find the command names among the arguments. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-o", "--output", "--query", "--server");

    private Cli() {}

    /** Every command. */
    public static CommandLine commandLine(CliContext ctx) {
        return build(ctx, null, null, true);
    }

    /** Runs one command; answers its exit code. */
    public static int run(CliContext ctx, String... args) {
        List<String> names = commandNames(args);
        String top = names.isEmpty() ? null : names.get(0);
        String sub = names.size() < 2 ? null : names.get(1);
        try {
            return build(ctx, top, sub, false).execute(args);
        } finally {
            ctx.out().flush();
            ctx.close();
        }
    }

    /** The first two words that are not options (nor their values): the command and its sub-command, if any. */
    static List<String> commandNames(String... args) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.length && names.size() < 2; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            }
            if (a.startsWith("-")) {
                if (OPTIONS_WITH_VALUE.contains(a)) {
                    i++;
                }
                continue;
            }
            names.add(a);
        }
        return names;
    }

    private static CommandLine build(CliContext ctx, String top, String sub, boolean everything) {
        ContextFactory factory = new ContextFactory(ctx);
        CommandLine cl = new CommandLine(new PgvaultCommand(ctx), factory);
        Optional<Class<?>> named = PgvaultCommand.COMMANDS.keySet().stream().filter(c -> name(c).equals(top)).findFirst();
        boolean all = everything || named.isEmpty() || named.get() == CompletionCommand.class;
        for (Map.Entry<Class<?>, List<Class<?>>> e : PgvaultCommand.COMMANDS.entrySet()) {
            boolean wanted = all || e.getKey() == named.get();
            boolean onlyListed = !everything && named.isEmpty();
            if (!wanted && !onlyListed) {
                continue;
            }
            CommandLine group = new CommandLine(e.getKey(), factory);
            if (!onlyListed || e.getValue().isEmpty()) {
                List<Class<?>> leaves = e.getValue();
                Optional<Class<?>> leaf = leaves.stream().filter(c -> name(c).equals(sub)).findFirst();
                for (Class<?> c : leaves) {
                    if (all || leaf.isEmpty() || leaf.get() == c) {
                        group.addSubcommand(new CommandLine(c, factory));
                    }
                }
            }
            cl.addSubcommand(group);
        }
        configure(cl, ctx);
        return cl;
    }

    private static void configure(CommandLine cl, CliContext ctx) {
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Wide enough for the examples; a fixed width, since measuring the terminal would start a process.
        cl.setUsageHelpWidth(110);
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
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
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
