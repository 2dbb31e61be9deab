package io.pgvault.cli;

import io.pgvault.cli.auth.LoginCommand;
import io.pgvault.cli.auth.LogoutCommand;
import io.pgvault.cli.completion.CompletionCommand;
import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.GlobalOptions;
import io.pgvault.cli.instance.BackupInstanceCommand;
import io.pgvault.cli.job.JobCommand;
import io.pgvault.cli.keys.DecryptCommand;
import io.pgvault.cli.keys.KeysCommand;
import io.pgvault.cli.policy.BackupPolicyCommand;
import io.pgvault.cli.recoverypoint.RecoveryPointCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pgvault}: the command groups, and the options every command takes. */
@Command(name = "pgvault", mixinStandardHelpOptions = true, versionProvider = Version.class,
        scope = picocli.CommandLine.ScopeType.INHERIT,
        description = "Backups of PostgreSQL servers with pgvault: policies, protected servers, jobs and recovery points.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  pgvault login",
            "  pgvault backup-policy create --name nightly --schedule '0 2 * * *' --default-retention P30D",
            "  pgvault backup-instance protect --name orders-db --host db1 --username pgvault --policy nightly",
            "  pgvault backup-instance adhoc-backup orders-db --wait",
            "  pgvault job list --status FAILED -o json",
            "",
            "Where the services are: --server URL or PGVAULT_SERVER sends everything to one base URL; otherwise",
            "PGVAULT_INSTANCE_URL, PGVAULT_JOB_URL and PGVAULT_RETENTION_URL, else what 'pgvault login' stored, else",
            "the console's one URL, http://127.0.0.1:8080. NO_COLOR turns colours off.",
            "",
            "Exit codes: 0 done, 1 refused by the server (or the job failed), 2 usage error, 3 server not reachable.",
            "Every command takes --help; 'pgvault completion bash' prints shell completion."})
public final class PgvaultCommand implements Runnable {

    /**
     * The top-level commands, each with its own commands (none for a single command), in the order help lists them.
     * {@code Cli} registers them, and only those a command line needs.
     */
    static final Map<Class<?>, List<Class<?>>> COMMANDS = commands();

    @Mixin
    private final GlobalOptions global;

    @Spec
    private CommandSpec spec;

    PgvaultCommand(CliContext ctx) {
        this.global = ctx.global();
    }

    private static Map<Class<?>, List<Class<?>>> commands() {
        Map<Class<?>, List<Class<?>>> c = new LinkedHashMap<>();
        c.put(LoginCommand.class, List.of());
        c.put(LogoutCommand.class, List.of());
        c.put(BackupPolicyCommand.class, BackupPolicyCommand.commands());
        c.put(BackupInstanceCommand.class, BackupInstanceCommand.commands());
        c.put(JobCommand.class, JobCommand.commands());
        c.put(RecoveryPointCommand.class, RecoveryPointCommand.commands());
        c.put(KeysCommand.class, KeysCommand.commands());
        c.put(DecryptCommand.class, List.of());
        c.put(CompletionCommand.class, List.of());
        c.put(Warmup.class, List.of());
        return c;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is missing");
    }
}
