package io.pgvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.output.Format;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Parsing alone (picocli's parseArgs): no command runs, no request is sent. */
class ArgumentParsingTest {

    /** Nothing listens here: a test that reached the network would exit 3, not 2. */
    static final String NOWHERE = "http://127.0.0.1:1";

    @TempDir
    Path config;

    private CliContext context() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        return CliRun.against(NOWHERE, config).context(sink, sink);
    }

    private static Object leaf(ParseResult r) {
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        return r.commandSpec().userObject();
    }

    @Test
    void globalOptionsAreTakenBeforeAndAfterTheCommand() {
        CliContext before = context();
        Cli.commandLine(before).parseArgs("-o", "json", "--query", "[].id", "job", "list");
        CliContext after = context();
        Cli.commandLine(after).parseArgs("backup-instance", "list", "--output", "yaml", "--server", "http://console:8080");

        assertThat(before.global().output()).isEqualTo(Format.JSON);
        assertThat(before.global().query()).isEqualTo("[].id");
        assertThat(after.global().output()).isEqualTo(Format.YAML);
        assertThat(after.global().server()).isEqualTo("http://console:8080");
        assertThat(after.endpoints().job()).isEqualTo("http://console:8080");
    }

    @Test
    void enumValuesAreCaseInsensitive() {
        ParseResult r = Cli.commandLine(context()).parseArgs("job", "list", "--status", "in_progress", "--operation", "backup");

        assertThat((Object) r.subcommand().subcommand().matchedOptionValue("--status", null)).hasToString("IN_PROGRESS");
        assertThat((Object) r.subcommand().subcommand().matchedOptionValue("--operation", null)).hasToString("BACKUP");
    }

    @Test
    void everyCommandThatChangesSomethingTakesAnIdempotencyKey() {
        List<String> changing = List.of("backup-policy create", "backup-policy update", "backup-policy delete",
                "backup-instance protect", "backup-instance update-policy", "backup-instance adhoc-backup",
                "backup-instance restore", "backup-instance stop-protection", "backup-instance suspend-backup",
                "backup-instance delete-data", "backup-instance resume-protection", "backup-instance delete", "job cancel",
                "recovery-point pin", "recovery-point unpin", "recovery-point extend", "recovery-point undelete");
        CommandLine root = Cli.commandLine(context());
        for (String path : changing) {
            CommandLine c = root;
            for (String name : path.split(" ")) {
                c = c.getSubcommands().get(name);
            }
            assertThat(c.getCommandSpec().findOption("--idempotency-key")).as(path).isNotNull();
        }
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        List<String> missing = new ArrayList<>();
        collectWithoutExample(Cli.commandLine(context()), missing);
        assertThat(missing).isEmpty();
    }

    private static void collectWithoutExample(CommandLine c, List<String> missing) {
        if (c.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        if (c.getSubcommands().isEmpty()) {
            String help = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            if (!help.contains("Example") || c.getCommandSpec().findOption("--help") == null) {
                missing.add(c.getCommandSpec().qualifiedName());
            }
        }
        c.getSubcommands().values().forEach(s -> collectWithoutExample(s, missing));
    }

    @Test
    void usageErrorsExit2() {
        CliRun cli = CliRun.against(NOWHERE, config);

        assertThat(cli.run("job", "list", "--bogus").exitCode()).isEqualTo(2);
        assertThat(cli.run("job", "list", "--status", "RUNNING").exitCode()).isEqualTo(2);
        assertThat(cli.run("backup-instance", "restore", "orders-db").exitCode()).as("--recovery-point missing").isEqualTo(2);
        assertThat(cli.run("backup-instance", "adhoc-backup", "x", "--wait", "--timeout", "soon").exitCode()).isEqualTo(2);
        assertThat(cli.run("-o", "xml", "job", "list").exitCode()).isEqualTo(2);
        assertThat(cli.run("job").exitCode()).as("a group without a command").isEqualTo(2);
        assertThat(cli.run("nonsense").exitCode()).isEqualTo(2);
    }

    @Test
    void aBadQueryIsAUsageErrorBeforeAnyRequest() {
        CliRun.Result r = CliRun.against(NOWHERE, config).run("job", "list", "--query", "[?status==");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--query:");
    }

    @Test
    void stopProtectionRetainTakesOnlyForeverOrAsPerPolicy() {
        CliRun.Result r = CliRun.against(NOWHERE, config).run("backup-instance", "stop-protection",
                "00000000-0000-0000-0000-000000000001", "--retain", "sometimes", "--reason", "COST");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--retain must be forever or as-per-policy");
    }

    @Test
    void destructiveCommandsNeedConfirmNameWhenNotOnATerminal() {
        String id = "00000000-0000-0000-0000-000000000001";
        CliRun cli = CliRun.against(NOWHERE, config);

        CliRun.Result delete = cli.run("backup-instance", "delete", id, "--reason", "DECOMMISSIONED", "--yes");
        CliRun.Result deleteData = cli.run("backup-instance", "delete-data", id, "--reason", "COST");

        assertThat(delete.exitCode()).isEqualTo(2);
        assertThat(delete.err()).contains("--confirm-name NAME is needed when not on a terminal");
        assertThat(deleteData.exitCode()).isEqualTo(2);
    }

    @Test
    void yesNeverStandsInForTheName() {
        CliRun.Result r = CliRun.against(NOWHERE, config).terminal().run("backup-instance", "delete",
                "00000000-0000-0000-0000-000000000001", "--reason", "COST", "--yes");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--yes skips the question, never the name");
    }

    @Test
    void restoreTakesOneTargetAndADatabaseTargetNeedsItsServer() {
        CliRun cli = CliRun.against(NOWHERE, config);
        String id = "00000000-0000-0000-0000-000000000001";

        CliRun.Result none = cli.run("backup-instance", "restore", id, "--recovery-point", id);
        CliRun.Result both = cli.run("backup-instance", "restore", id, "--recovery-point", id, "--to-files", "d", "--to-database", "x");
        CliRun.Result noHost = cli.run("backup-instance", "restore", id, "--recovery-point", id, "--to-database", "x");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(noHost.exitCode()).isEqualTo(2);
        assertThat(noHost.err()).contains("--to-database needs --target-host and --target-username");
    }

    @Test
    void completionScriptsAreGeneratedForBashAndZsh() {
        CliRun.Result bash = CliRun.against(NOWHERE, config).run("completion", "bash");
        CliRun.Result zsh = CliRun.against(NOWHERE, config).run("completion", "zsh");

        assertThat(bash.exitCode()).isZero();
        assertThat(bash.out()).contains("complete -F _complete_pgvault").contains("stop-protection").contains("--retain");
        assertThat(zsh.out()).startsWith("autoload -U +X compinit && compinit").contains("bashcompinit");
    }

    @Test
    void theCommandNamesAreFoundAmongOptionsAndTheirValues() {
        assertThat(Cli.commandNames("-o", "json", "--server", "http://x", "job", "list", "--status", "FAILED"))
                .containsExactly("job", "list");
        assertThat(Cli.commandNames("--query=[].id", "backup-instance", "-o", "yaml", "show", "orders-db"))
                .containsExactly("backup-instance", "show");
        assertThat(Cli.commandNames("--help")).isEmpty();
    }

    @Test
    void helpListsTheCommandsOfTheLevelAskedFor() {
        CliRun cli = CliRun.against(NOWHERE, config);

        CliRun.Result top = cli.run("--help");
        CliRun.Result group = cli.run("recovery-point", "--help");
        CliRun.Result leaf = cli.run("-o", "json", "backup-instance", "delete", "--help");

        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("  backup-policy ").contains("  backup-instance ").contains("  job ")
                .contains("  recovery-point ").contains("  login ").contains("  completion ").doesNotContain("__warmup");
        assertThat(group.out()).contains("  list ").contains("  pin ").contains("  extend ").contains("  undelete ")
                .contains("  explain ");
        assertThat(leaf.out()).contains("Usage: pgvault backup-instance delete").contains("--confirm-name=NAME")
                .contains("--idempotency-key=KEY").contains("--output=FORMAT");
    }

    @Test
    void theWarmUpThatRecordsTheClassArchiveRunsItsCommandsCleanly() {
        CliRun.Result r = CliRun.against(null, config).run("__warmup");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
    }
}
