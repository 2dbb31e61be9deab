package io.pgvault.cli;

import io.pgvault.cli.auth.LoginCommand;
import io.pgvault.cli.auth.LogoutCommand;
import io.pgvault.cli.completion.CompletionCommand;
import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.GlobalOptions;
import io.pgvault.cli.instance.BackupInstanceCommand;
import io.pgvault.cli.job.JobCommand;
import io.pgvault.cli.policy.BackupPolicyCommand;
import io.pgvault.cli.recoverypoint.RecoveryPointCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pgvault}: the command groups, and the options every command takes. */
@Command(name = "pgvault", mixinStandardHelpOptions = true, versionProvider = Version.class,
        scope = picocli.CommandLine.ScopeType.INHERIT,
        description = "Backups of PostgreSQL servers with pgvault: policies, protected servers, jobs and recovery points.",
        subcommands = {LoginCommand.class, LogoutCommand.class, BackupPolicyCommand.class, BackupInstanceCommand.class,
            JobCommand.class, RecoveryPointCommand.class, CompletionCommand.class, Warmup.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  pgvault login",
            "  pgvault backup-policy create --name nightly --schedule '0 2 * * *' --default-retention P30D",
            "  pgvault backup-instance protect --name orders-db --host db1 --username pgvault --policy nightly",
            "  pgvault backup-instance adhoc-backup orders-db --wait",
            "  pgvault job list --status FAILED -o json",
            "",
            "Exit codes: 0 done, 1 refused by the server (or the job failed), 2 usage error, 3 server not reachable."})
public final class PgvaultCommand implements Runnable {

    @Mixin
    private final GlobalOptions global;

    @Spec
    private CommandSpec spec;

    PgvaultCommand(CliContext ctx) {
        this.global = ctx.global();
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is missing");
    }
}
