package io.pgvault.cli.keys;

import com.google.crypto.tink.KeysetHandle;
import io.pgvault.cli.context.CliCommand;
import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.CommandFailed;
import io.pgvault.cli.context.CommandGroup;
import io.pgvault.cli.context.ExitCode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code pgvault keys}: the master keyset file of the encrypted store, on the host that holds it. */
@Command(name = "keys", description = "The store's master keyset file: generate it, rotate it (offline, on its host).",
        footerHeading = "%nExamples:%n",
        footer = {"  pgvault keys generate .infra/secrets/master.keyset.json",
            "  pgvault keys rotate .infra/secrets/master.keyset.json"})
public final class KeysCommand extends CommandGroup {

    /** The commands of this group, in the order help lists them. */
    public static List<Class<?>> commands() {
        return List.of(Generate.class, Rotate.class);
    }

    @Command(name = "generate", description = "Write a new master keyset (one AES256-GCM key), mode 0600; an existing"
            + " file is never replaced.")
    static final class Generate extends CliCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The keyset file to create.")
        Path file;

        Generate(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() throws IOException {
            try {
                KeysetHandle keyset = Keysets.generate();
                Keysets.write(file, keyset, false);
                output().message("Wrote " + file + " (key " + Integer.toUnsignedString(keyset.getPrimary().getId())
                        + "). Keep a copy somewhere safe: without it no point can be restored.");
                return ExitCode.OK;
            } catch (FileAlreadyExistsException e) {
                throw new CommandFailed(file + " already exists; it is never replaced (rotate it instead)");
            } catch (GeneralSecurityException e) {
                throw new CommandFailed("cannot generate a key: " + e.getMessage());
            }
        }
    }

    @Command(name = "rotate", description = {"Add a new primary key to the master keyset; the older keys stay for",
        "reading older points. Then re-wrap the points' data keys: POST /api/v1/store/keys/rewrap."})
    static final class Rotate extends CliCommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The keyset file.")
        Path file;

        Rotate(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() throws IOException {
            try {
                KeysetHandle rotated = Keysets.rotated(Keysets.read(file));
                Keysets.write(file, rotated, true);
                output().message("New primary key " + Integer.toUnsignedString(rotated.getPrimary().getId()) + " in " + file
                        + " (" + rotated.size() + " keys).");
                return ExitCode.OK;
            } catch (GeneralSecurityException e) {
                throw new CommandFailed("cannot rotate " + file + ": " + e.getMessage());
            }
        }
    }
}
