package io.pgvault.cli.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.StreamingAead;
import io.pgvault.cli.context.CliCommand;
import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.CommandFailed;
import io.pgvault.cli.context.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pgvault decrypt}: turns a restore-as-files directory kept encrypted ({@code "keepEncrypted": true})
 * into the files {@code pg_restore} reads, checking each against its manifest's SHA-256.
 */
@Command(name = "decrypt", description = {"Decrypt a recovery point restored as files with keepEncrypted: each",
    "artifact is decrypted with the point's data key (unwrapped by the master keyset) and checked against",
    "the manifest's SHA-256. Runs on a host that holds the master keyset; needs no server."},
        footerHeading = "%nExample:%n",
        footer = "  pgvault decrypt --keyset .infra/secrets/master.keyset.json .infra/restores/case-1 --out /tmp/case-1")
public final class DecryptCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "The encrypted restore directory (manifest.json, envelope.json).")
    Path directory;

    @Option(names = "--keyset", required = true, paramLabel = "FILE", description = "The master keyset file.")
    Path keyset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new directory for the decrypted files.")
    Path out;

    DecryptCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Path manifestFile = directory.resolve("manifest.json");
        Path envelope = directory.resolve("envelope.json");
        if (!Files.isRegularFile(manifestFile) || !Files.isRegularFile(envelope)) {
            throw new CommandFailed(directory + " has no manifest.json and envelope.json: not an encrypted restore directory");
        }
        if (Files.exists(out)) {
            throw new CommandFailed(out + " exists; give a new directory");
        }
        JsonNode manifest = mapper.readTree(manifestFile.toFile());
        UUID pointId = UUID.fromString(manifest.path("recoveryPointId").asText());
        StreamingAead key = Keysets.dataKey(Keysets.read(keyset), envelope, pointId, mapper);
        Files.createDirectories(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (JsonNode artifact : manifest.path("artifacts")) {
            String name = artifact.path("name").asText();
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,100}")) {
                throw new CommandFailed("the manifest names an invalid file '" + name + "'");
            }
            Path target = out.resolve(name);
            MessageDigest sha = sha256();
            Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (InputStream in = new DigestInputStream(Keysets.decrypting(key, Files.newInputStream(directory.resolve(name)),
                    pointId, name), sha); OutputStream o = Files.newOutputStream(target)) {
                in.transferTo(o);
            } catch (IOException e) {
                throw new CommandFailed(name + " does not decrypt (INTEGRITY_VIOLATION): " + e.getMessage());
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!actual.equalsIgnoreCase(artifact.path("sha256").asText())) {
                throw new CommandFailed(name + " has SHA-256 " + actual + "; the manifest says " + artifact.path("sha256").asText());
            }
            output().message("decrypted " + name + " (" + Files.size(target) + " bytes, SHA-256 verified)");
        }
        Files.copy(manifestFile, out.resolve("manifest.json"), StandardCopyOption.COPY_ATTRIBUTES);
        output().message("Decrypted " + manifest.path("artifacts").size() + " files into " + out
                + "; restore them by hand as the README describes (pg_restore).");
        return ExitCode.OK;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
