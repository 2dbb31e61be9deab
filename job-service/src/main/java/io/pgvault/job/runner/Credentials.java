package io.pgvault.job.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The password source handed to a child process, through its environment only: a private,
 * short-lived libpq password file made from the instance's secret file, or the host's PGPASSFILE
 * (or ~/.pgpass). The password itself never appears in arguments, logs, the database or Kafka.
 *
 * @param environment variables to set in the child
 * @param description where the password was looked for, for error messages (no secret in it)
 * @param temporary   the private password file to delete afterwards, or {@code null}
 */
public record Credentials(Map<String, String> environment, String description, Path temporary)
        implements AutoCloseable {

    /** Resolves the password source of an instance. */
    public static Credentials resolve(Path secretsDir, String instanceId) throws IOException {
        Path secret = secretsDir.resolve(instanceId + ".password");
        if (Files.isRegularFile(secret)) {
            String password = Files.readString(secret, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
            Path file = Files.createTempFile("pgvault-", ".pgpass",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, "*:*:*:*:" + escape(password) + "\n", StandardCharsets.UTF_8);
            return new Credentials(Map.of("PGPASSFILE", file.toString()), "secret file " + secret, file);
        }
        String passfile = System.getenv("PGPASSFILE");
        if (passfile != null && !passfile.isBlank()) {
            return new Credentials(Map.of("PGPASSFILE", passfile),
                    "PGPASSFILE " + passfile + " (no secret file " + secret + ")", null);
        }
        return new Credentials(Map.of(), "~/.pgpass (no secret file " + secret + ", PGPASSFILE not set)", null);
    }

    /** libpq password file escaping: backslash before {@code :} and {@code \}. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }

    @Override
    public void close() throws IOException {
        if (temporary != null) {
            Files.deleteIfExists(temporary);
        }
    }
}
