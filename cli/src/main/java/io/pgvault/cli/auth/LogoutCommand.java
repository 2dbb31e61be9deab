package io.pgvault.cli.auth;

import io.pgvault.cli.context.CliCommand;
import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.ExitCode;
import picocli.CommandLine.Command;

/** {@code pgvault logout}: forgets the stored token. */
@Command(name = "logout", description = "Sign out: remove the stored token and server settings.",
        footerHeading = "%nExample:%n", footer = "  pgvault logout")
public final class LogoutCommand extends CliCommand {

    LogoutCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        boolean removed = ctx.loginStore().delete();
        output().message(removed ? "Signed out (removed " + ctx.loginStore().file() + ")." : "Not signed in.");
        return ExitCode.OK;
    }
}
