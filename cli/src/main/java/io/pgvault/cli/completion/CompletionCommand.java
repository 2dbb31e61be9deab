package io.pgvault.cli.completion;

import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.ExitCode;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pgvault completion bash|zsh}: the shell completion script picocli generates from the commands themselves. */
@Command(name = "completion", description = "Print the shell completion script for bash or zsh.",
        footerHeading = "%nExamples:%n",
        footer = {"  source <(pgvault completion bash)        # in ~/.bashrc",
            "  source <(pgvault completion zsh)         # in ~/.zshrc"})
public final class CompletionCommand implements Callable<Integer> {

    /** The shells picocli's script serves. */
    enum Shell { BASH, ZSH }

    @Parameters(paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}")
    Shell shell;

    @Spec
    CommandSpec spec;

    private final CliContext ctx;

    CompletionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String script = AutoComplete.bash("pgvault", spec.root().commandLine());
        if (shell == Shell.ZSH) {
            // picocli's script runs in zsh through its bash completion emulation.
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        ctx.out().print(script);
        ctx.out().flush();
        return ExitCode.OK;
    }
}
